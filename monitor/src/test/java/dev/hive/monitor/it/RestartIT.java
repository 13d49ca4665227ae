package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.auth.PasswordHasher;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.User;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.rack.AssignmentRepository;
import dev.hive.monitor.rack.RackAssignment;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.run.RunPhase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real monitor stopped while a run is running, then started again on the same directory: the API token still
 * works, users and the run history are intact, the interrupted run is {@code interrupted} with a message (neither
 * lost nor running forever), nothing of it is left running, and a new run completes.
 */
class RestartIT {

    @TempDir
    static Path dir;

    @Test
    void aRestartKeepsUsersTokensAndHistoryAndMarksTheRunningRunInterrupted() throws Exception {
        Path home = dir.resolve("monitor");
        Path hang = new FaultRunners(dir.resolve("runners")).hangsAfterHello();
        long finishedId;
        int finishedResults;
        long interruptedId;
        User admin;
        RackAssignment assignment;

        LiveMonitor before = LiveMonitor.start(home, "");
        try {
            admin = new UserRepository(before.monitor.database(), Clock.systemUTC(), new PasswordHasher())
                    .create("restart-admin", "restart-password", Role.ADMIN);
            assignment = new AssignmentRepository(before.monitor.database()).load();
            assertThat(assignment.probes()).hasSize(2);
            assertThat(assignment.targets()).hasSize(2);
            RunEnded finished = before.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(2))
                    .awaitEnded(Duration.ZERO);
            assertThat(finished.state()).as("error: %s", finished.error()).isEqualTo("finished");
            finishedId = finished.runId();
            finishedResults =
                    before.getJson("/api/v1/runs/" + finishedId).get("results").size();

            LiveMonitor.Submitted running = before.submit(hang, null);
            interruptedId = running.runId();
            RunStream stream = before.stream(running.ticket());
            stream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, Duration.ofSeconds(30));
            Thread.sleep(500); // the runner has started (and said hello)
            assertThat(before.getJson("/api/v1/runs/" + interruptedId)
                            .get("state")
                            .asText())
                    .isEqualTo("running");

            before.close();

            assertThat(stream.closed)
                    .as("the client is not left waiting on a dead monitor")
                    .succeedsWithin(30, TimeUnit.SECONDS);
            assertThat(before.strayProcesses(Duration.ofSeconds(10)))
                    .as("the runner's process tree is gone")
                    .isEmpty();
        } finally {
            before.close();
        }

        try (LiveMonitor after = LiveMonitor.start(home, "")) {
            assertThat(after.token).isEqualTo(before.token);
            JsonNode history = after.getJson("/api/v1/runs");
            assertThat(history.get("total").asInt()).isEqualTo(2);

            JsonNode finished = after.getJson("/api/v1/runs/" + finishedId);
            assertThat(finished.get("state").asText()).isEqualTo("finished");
            assertThat(finished.get("results")).hasSize(finishedResults);

            JsonNode interrupted = after.getJson("/api/v1/runs/" + interruptedId);
            assertThat(interrupted.get("state").asText()).isEqualTo("interrupted");
            assertThat(interrupted.get("error").asText()).contains("monitor stopped");
            assertThat(interrupted.get("startedAt").isNull()).isFalse();
            assertThat(interrupted.get("finishedAt").isNull()).isFalse();
            assertThat(interrupted.get("queuePosition").asInt()).isZero();

            RackAssignment reloaded = new AssignmentRepository(after.monitor.database()).load();
            assertThat(reloaded.probes()).isEqualTo(assignment.probes());
            assertThat(reloaded.targets())
                    .extracting(t -> t.address() + " " + t.state() + " " + t.targetName() + " " + t.flashStatus())
                    .isEqualTo(assignment.targets().stream()
                            .map(t -> t.address() + " " + t.state() + " " + t.targetName() + " " + t.flashStatus())
                            .toList());
            var users = new UserRepository(after.monitor.database(), Clock.systemUTC(), new PasswordHasher());
            assertThat(users.authenticate("restart-admin", "restart-password")).isPresent();
            assertThat(users.findByName("restart-admin")).hasValueSatisfying(user -> {
                assertThat(user.id()).isEqualTo(admin.id());
                assertThat(user.role()).isEqualTo(Role.ADMIN);
                assertThat(user.passwordHash()).isEqualTo(admin.passwordHash());
            });

            RunEnded again = after.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(2))
                    .awaitEnded(Duration.ZERO);
            assertThat(again.state()).as("error: %s", again.error()).isEqualTo("finished");
            assertThat(again.summary().errors()).isZero();
            assertThat(after.getJson("/api/v1/runs").get("total").asInt()).isEqualTo(3);
            assertThat(after.strayProcesses(Duration.ofSeconds(10))).isEmpty();
        }
    }
}
