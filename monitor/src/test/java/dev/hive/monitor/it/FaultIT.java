package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.VirtualRackBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken runners and a dying target on a real monitor. Each broken runner ends its run as an infrastructure error
 * ({@code failed}) whose message says what went wrong and carries an excerpt of the runner's output; the run
 * queued behind it (the example candidate's runner) then completes normally, and no process is left behind.
 */
class FaultIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static LiveMonitor live;
    static FaultRunners runners;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir.resolve("monitor"), "");
        runners = new FaultRunners(dir.resolve("runners"));
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void aRunnerThatExitsAtOnce() throws Exception {
        String error = failsThenTheNextRunFinishes(runners.exitsAtOnce(), null);

        assertThat(error)
                .contains("the runner exited with code 3 before it finished the run")
                .contains("the runner exited without connecting to the monitor")
                .doesNotContain("ABORTED")
                .contains("FAULT exits-at-once: giving up before connecting")
                .contains("FAULT exits-at-once: on stderr too");
    }

    @Test
    void aRunnerThatNeverConnects() throws Exception {
        String error = failsThenTheNextRunFinishes(runners.neverConnects(), null);

        assertThat(error)
                .contains("the runner did not connect within 30000 ms")
                .contains("FAULT never-connects: sleeping instead of connecting");
    }

    @Test
    void aRunnerThatWrites100MegabytesToStdout() throws Exception {
        String error = failsThenTheNextRunFinishes(runners.floodsStdout(), null);

        assertThat(error)
                .contains("the runner exited with code 1 before it finished the run")
                .contains("FAULT floods-stdout: first line")
                .contains("FAULT floods-stdout: last line")
                .containsPattern("\\[\\.\\.\\. \\d+ dropped \\.\\.\\.\\]");
        assertThat(error.length()).as("an excerpt, not the output").isLessThan(20_000);
    }

    @Test
    void aRunnerThatSendsGarbageOverIpc() throws Exception {
        String error = failsThenTheNextRunFinishes(runners.sendsGarbage(), null);

        assertThat(error)
                .contains("the runner failed: PROTOCOL: the runner sent an invalid line")
                .contains("FAULT sends-garbage: sending garbage over IPC");
    }

    @Test
    void aRunnerThatHangsPastTheRunLimit() throws Exception {
        String error = failsThenTheNextRunFinishes(runners.hangsAfterHello(), "{\"runTimeoutMillis\": 3000}");

        assertThat(error)
                .contains("the run exceeded its wall-clock limit of 3000 ms; the runner's process tree was killed")
                .contains("FAULT hangs: said hello, now hanging");
    }

    /**
     * A QEMU board killed under a test: the runner hears {@code targetLost}, the run ends {@code finished} with the
     * loss reported on that target (the running test ERROR, the rest of that visit SKIPPED "target lost"; docs/ipc.md),
     * and the monitor restores the board, so the next run passes everywhere.
     */
    @Test
    void aTargetKilledDuringARun() throws Exception {
        VirtualRackBackend rack = (VirtualRackBackend) live.monitor.rack().backend();
        LiveMonitor.Submitted hit = live.submit(LiveMonitor.exampleRunner(), null);
        RunStream hitStream = live.stream(hit.ticket());
        LiveMonitor.Submitted next = live.submit(LiveMonitor.exampleRunner(), null);
        RunStream nextStream = live.stream(next.ticket());

        TestStarted first = hitStream.await(TestStarted.class, t -> true, WAIT);
        SlotAddress slot = new SlotAddress(first.cell().stack(), first.cell().slot());
        long pid = rack.processId(slot).orElseThrow();
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

        RunEnded ended = hitStream.awaitEnded(WAIT);
        List<TestFinished> onKilled = hitStream.all(TestFinished.class).stream()
                .filter(f -> f.result().cell().channel() == first.cell().channel()
                        && f.result().cell().target().equals(first.cell().target()))
                .toList();
        assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("finished");
        assertThat(onKilled).as("the loss is reported on the killed target").anySatisfy(f -> {
            assertThat(f.result().status()).isIn(TestStatus.ERROR, TestStatus.SKIPPED);
            assertThat(f.result().message()).containsIgnoringCase("lost");
        });
        assertThat(live.getJson("/api/v1/runs/" + hit.runId()).get("state").asText())
                .isEqualTo("finished");

        assertFinishedEverywhere(nextStream.awaitEnded(WAIT));
        long revived = rack.processId(slot).orElseThrow();
        assertThat(revived).as("a new QEMU for the killed board").isNotEqualTo(pid);
        assertThat(live.strayProcesses(Duration.ofSeconds(10))).isEmpty();
    }

    /**
     * Runs {@code faulty}, with the example runner queued behind it; asserts the fault ends {@code failed} (socket
     * and store) and the next run finishes normally; answers the fault's error message.
     */
    private static String failsThenTheNextRunFinishes(Path faulty, String options) throws Exception {
        LiveMonitor.Submitted fault = live.submit(faulty, options);
        assertThat(fault.status()).isEqualTo(201);
        RunStream faultStream = live.stream(fault.ticket());
        LiveMonitor.Submitted next = live.submit(LiveMonitor.exampleRunner(), null);
        RunStream nextStream = live.stream(next.ticket());

        RunEnded ended = faultStream.awaitEnded(WAIT);
        assertThat(ended.state()).isEqualTo("failed");
        assertThat(ended.error()).isNotBlank().contains("stdout:").contains("stderr:");
        JsonNode stored = live.getJson("/api/v1/runs/" + fault.runId());
        assertThat(stored.get("state").asText()).isEqualTo("failed");
        assertThat(stored.get("error").asText()).isEqualTo(ended.error());

        assertFinishedEverywhere(nextStream.awaitEnded(WAIT));
        assertThat(live.strayProcesses(Duration.ofSeconds(10))).isEmpty();
        return ended.error();
    }

    private static void assertFinishedEverywhere(RunEnded ended) throws Exception {
        assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("finished");
        assertThat(ended.summary().errors()).isZero();
        assertThat(ended.summary().failed()).isZero();
        assertThat(ended.summary().passed()).isPositive();
        JsonNode run = live.getJson("/api/v1/runs/" + ended.runId());
        assertThat(run.get("state").asText()).isEqualTo("finished");
        Set<String> cells = new HashSet<>();
        run.get("results")
                .forEach(r -> cells.add(
                        r.get("target").asText() + " @ " + r.get("probe").asText()));
        assertThat(cells).as("every probe x target").hasSize(4);
    }
}
