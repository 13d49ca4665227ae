package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.QemuChildren;
import dev.hive.monitor.rack.AssignmentRepository;
import dev.hive.monitor.rack.RackReinitializer;
import dev.hive.monitor.rack.TargetAssignment;
import dev.hive.monitor.task.RackInUseException;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.VirtualRackBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another board assigned to a slot of a real monitor's virtual rack and applied by a reinitialisation: a run
 * queued meanwhile waits for it and then tests the new board; a reinitialisation during a run is refused; no
 * QEMU of the rack before is left; and a restarted monitor comes up with the rack file's board again.
 */
class RackSwapIT {

    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;

    @Test
    void aSwappedBoardIsTestedByTheNextRunAndTheRackFileWinsAtRestart() throws Exception {
        Path home = dir.resolve("monitor");
        LiveMonitor live = LiveMonitor.start(home, "");
        try {
            var deps = live.monitor.graphQLDependencies();
            Path oldRackDirectory = rackDirectory(live);
            var reinitialising = new CompletableFuture<Void>();
            deps.logs().onAppended(e -> {
                if (e.message().startsWith("reinitialising rack")) {
                    reinitialising.complete(null);
                }
            });
            deps.assignments().setTarget(TargetAssignment.known(0, 0, "netduinoplus2"));

            CompletableFuture<RackReinitializer.Outcome> outcome =
                    CompletableFuture.supplyAsync(() -> deps.control().reinitialize());
            reinitialising.get(60, TimeUnit.SECONDS);
            // queued while the rack is being replaced: it waits, then runs on the new rack
            RunStream stream = live.run(LiveMonitor.exampleRunner(), null, WAIT);
            RackReinitializer.Outcome done = outcome.get(3, TimeUnit.MINUTES);
            assertThat(done.replaced()).isTrue();
            assertThat(done.allFlashed()).as("%s", done.flashed()).isTrue();

            RunEnded ended = stream.awaitEnded(Duration.ZERO);
            assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("finished");
            assertThat(ended.summary().failed()).isZero();
            assertThat(ended.summary().errors()).isZero();
            assertThat(ended.summary().passed()).isPositive();
            Set<String> targets = stream.all(TestFinished.class).stream()
                    .map(f -> f.result().cell().target())
                    .collect(Collectors.toSet());
            assertThat(targets).containsExactlyInAnyOrder("netduinoplus2", "sifive_e");
            assertThat(stream.all(TestFinished.class))
                    .filteredOn(f -> f.result().cell().target().equals("netduinoplus2"))
                    .anyMatch(f -> f.result().status() == TestStatus.PASSED);

            // the rack before is gone: its directory and every QEMU of it
            assertThat(oldRackDirectory).doesNotExist();
            Path newRackDirectory = rackDirectory(live);
            assertThat(qemuCommandLines(c -> c.size() == 2))
                    .hasSize(2)
                    .allMatch(c -> c.contains(newRackDirectory.toString()))
                    .anyMatch(c -> c.contains("netduinoplus2"))
                    .noneMatch(c -> c.contains("lm3s6965evb"));
            assertThat(new AssignmentRepository(live.monitor.database()).targets())
                    .extracting(t -> t.targetName().orElse("-") + " " + t.flashStatus())
                    .containsExactly("netduinoplus2 OK", "sifive_e OK");

            // while a run uses the rack, a reinitialisation is refused at once
            LiveMonitor.Submitted busy = live.submit(LiveMonitor.exampleRunner(), null);
            RunStream busyStream = live.stream(busy.ticket());
            busyStream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);
            assertThatThrownBy(() -> deps.control().reinitialize())
                    .isInstanceOf(RackInUseException.class)
                    .hasMessageContaining("run " + busy.runId() + " is using the rack");
            assertThat(busyStream.awaitEnded(WAIT).state()).isEqualTo("finished");
            assertThat(live.strayProcesses(Duration.ofSeconds(10))).isEmpty();
        } finally {
            live.close();
        }
        assertThat(qemuCommandLines(List::isEmpty))
                .as("a closed monitor leaves no QEMU")
                .isEmpty();

        // the rack file decides at start: the board it names is back, and the stored assignment is healed to it
        LiveMonitor again = LiveMonitor.start(home, "");
        try {
            assertThat(again.monitor
                            .rack()
                            .backend()
                            .catalogTarget(new SlotAddress(0, 0))
                            .name())
                    .isEqualTo("lm3s6965evb");
            assertThat(new AssignmentRepository(again.monitor.database()).targets())
                    .extracting(t -> t.targetName().orElse("-") + " " + t.flashStatus())
                    .containsExactly("lm3s6965evb OK", "sifive_e OK");
        } finally {
            again.close();
        }
    }

    private static Path rackDirectory(LiveMonitor live) {
        return ((VirtualRackBackend) live.monitor.rack().backend()).runDirectory();
    }

    /** The command lines of this JVM's QEMU processes, once they are as {@code expected} (or after 15 s). */
    private static List<String> qemuCommandLines(Predicate<List<String>> expected) throws InterruptedException {
        return QemuChildren.await(QemuChildren::commandLines, expected, Duration.ofSeconds(15));
    }
}
