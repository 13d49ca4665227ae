package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.run.RunPhase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run queue of a real monitor with room for 2 waiting runs, while the rack is kept busy by a runner that idles
 * until it is cancelled: 2 runs queue, the 3rd is refused with 503 and {@code Retry-After}, positions fall as runs
 * leave, and cancelling works while queued (through the API and by a client leaving) and while running.
 */
class QueueIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static LiveMonitor live;
    static FaultRunners runners;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir.resolve("monitor"), "limits:\n  queueLength: 2\n");
        runners = new FaultRunners(dir.resolve("runners"));
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void aFullQueueRefusesPositionsFallAndRunsCanBeCancelledQueuedAndRunning() throws Exception {
        Path idle = runners.idlesUntilCancelled();

        // The rack is busy.
        LiveMonitor.Submitted busy = live.submit(idle, null);
        RunStream busyStream = live.stream(busy.ticket());
        busyStream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);

        // Two runs wait, at positions 1 and 2.
        LiveMonitor.Submitted first = live.submit(idle, null);
        RunStream firstStream = live.stream(first.ticket());
        firstStream.await(Queued.class, q -> q.position() == 1, WAIT);
        LiveMonitor.Submitted second = live.submit(idle, null);
        RunStream secondStream = live.stream(second.ticket());
        secondStream.await(Queued.class, q -> q.position() == 2, WAIT);
        assertThat(live.getJson("/api/v1/runs/" + second.runId())
                        .get("queuePosition")
                        .asInt())
                .isEqualTo(2);
        assertThat(live.health().get("queueLength").asInt()).isEqualTo(2);

        // The third is refused: 503 with Retry-After, and its run is stored cancelled.
        LiveMonitor.Submitted third = live.submit(idle, null);
        assertThat(third.status()).isEqualTo(201);
        LiveMonitor.Refusal full = live.upgrade(third.ticket());
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.headers()).containsKey("Retry-After");
        assertThat(Long.parseLong(full.headers().get("Retry-After"))).isPositive();
        assertThat(full.body().get("error").asText())
                .isEqualTo("the run queue is full (2 runs waiting); try again later");
        JsonNode refused = live.awaitState(third.runId(), "cancelled", WAIT);
        assertThat(refused.get("state").asText()).isEqualTo("cancelled");
        assertThat(refused.get("error").asText()).contains("the run queue is full");
        assertThat(live.health().get("queueLength").asInt()).isEqualTo(2);

        // Cancelling the first queued run through the API: 200, and the second moves up.
        HttpResponse<String> cancelQueued = live.delete("/api/v1/runs/" + first.runId());
        assertThat(cancelQueued.statusCode()).isEqualTo(200);
        assertThat(live.json.readTree(cancelQueued.body()).get("state").asText())
                .isEqualTo("cancelled");
        RunEnded firstEnded = firstStream.awaitEnded(WAIT);
        assertThat(firstEnded.state()).isEqualTo("cancelled");
        JsonNode firstRun = live.getJson("/api/v1/runs/" + first.runId());
        assertThat(firstRun.get("state").asText()).isEqualTo("cancelled");
        assertThat(firstRun.get("queuePosition").asInt()).isZero();
        secondStream.await(Queued.class, q -> q.position() == 1, WAIT);
        assertThat(secondStream.all(Queued.class).stream().map(Queued::position))
                .as("the second run's position falls")
                .containsSubsequence(2, 1);

        // A client that closes its socket while queued cancels its run.
        LiveMonitor.Submitted leaving = live.submit(idle, null);
        RunStream leavingStream = live.stream(leaving.ticket());
        leavingStream.await(Queued.class, q -> q.position() == 2, WAIT);
        leavingStream.leave();
        JsonNode left = live.awaitState(leaving.runId(), "cancelled", WAIT);
        assertThat(left.get("state").asText()).isEqualTo("cancelled");
        assertThat(left.get("error").asText()).isEqualTo("the client closed its WebSocket while the run was queued");
        assertThat(left.get("startedAt").isNull()).isTrue();
        assertThat(live.health().get("queueLength").asInt()).isEqualTo(1);

        // Cancelling "only if queued" leaves the running run going.
        HttpResponse<String> notQueued = live.delete("/api/v1/runs/" + busy.runId() + "?ifQueued=true");
        assertThat(notQueued.statusCode()).isEqualTo(409);
        assertThat(live.json.readTree(notQueued.body()).get("error").asText())
                .isEqualTo("run " + busy.runId() + " is not waiting in the queue; it was not cancelled");
        assertThat(live.getJson("/api/v1/runs/" + busy.runId()).get("state").asText())
                .isEqualTo("running");

        // Cancelling the running run: 202, it ends cancelled, and the queued one gets the rack.
        HttpResponse<String> cancelRunning = live.delete("/api/v1/runs/" + busy.runId());
        assertThat(cancelRunning.statusCode()).isEqualTo(202);
        assertThat(live.json.readTree(cancelRunning.body()).get("state").asText())
                .isEqualTo("cancelling");
        RunEnded busyEnded = busyStream.awaitEnded(WAIT);
        assertThat(busyEnded.state()).isEqualTo("cancelled");
        assertThat(live.getJson("/api/v1/runs/" + busy.runId()).get("state").asText())
                .isEqualTo("cancelled");
        secondStream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);
        assertThat(live.health().get("queueLength").asInt()).isZero();

        assertThat(live.delete("/api/v1/runs/" + second.runId()).statusCode()).isEqualTo(202);
        assertThat(secondStream.awaitEnded(WAIT).state()).isEqualTo("cancelled");
        assertThat(live.delete("/api/v1/runs/" + second.runId()).statusCode())
                .as("an ended run can no longer be cancelled")
                .isEqualTo(409);
        assertThat(live.strayProcesses(Duration.ofSeconds(10))).isEmpty();
    }
}
