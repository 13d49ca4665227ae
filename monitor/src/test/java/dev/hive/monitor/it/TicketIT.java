package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.run.RunPhase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket tickets on a real monitor whose tickets live 1 s: an unknown, an expired and a reused ticket are each
 * refused with 401 and the message of docs/api.md, and none of them puts a run into the queue.
 */
class TicketIT {

    private static final String REFUSED =
            "the ticket is unknown, expired or already used; submit the run again for a new one";

    @TempDir
    static Path dir;

    static LiveMonitor live;
    static FaultRunners runners;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir.resolve("monitor"), "limits:\n  ticketLifetimeSeconds: 4\n");
        runners = new FaultRunners(dir.resolve("runners"));
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void anUnknownTicketIsRefusedAndQueuesNothing() throws Exception {
        int pending = live.health().get("pendingTickets").asInt();

        LiveMonitor.Refusal refusal = live.upgrade("AAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body().get("error").asText()).isEqualTo(REFUSED);
        JsonNode health = live.health();
        assertThat(health.get("queueLength").asInt()).isZero();
        assertThat(health.get("pendingTickets").asInt()).isEqualTo(pending);
    }

    @Test
    void anExpiredTicketIsRefusedAndItsRunEndsCancelled() throws Exception {
        LiveMonitor.Submitted submitted = live.submit(LiveMonitor.exampleRunner(), null);
        assertThat(submitted.status()).isEqualTo(201);
        // the ticket lives 4 s: time enough for the other tests to redeem theirs on a loaded machine
        Thread.sleep(4_500);

        LiveMonitor.Refusal refusal = live.upgrade(submitted.ticket());

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body().get("error").asText()).isEqualTo(REFUSED);
        JsonNode run = live.getJson("/api/v1/runs/" + submitted.runId());
        assertThat(run.get("queuePosition").asInt()).isZero();
        assertThat(run.get("state").asText()).isIn("queued", "cancelled");
        assertThat(live.health().get("queueLength").asInt()).isZero();
        // The ticket sweep (every 5 s) ends the run that never got its socket.
        run = live.awaitState(submitted.runId(), "cancelled", Duration.ofSeconds(15));
        assertThat(run.get("state").asText()).isEqualTo("cancelled");
        assertThat(run.get("error").asText()).isEqualTo("the client did not open the run's WebSocket within 4 s");
        assertThat(run.get("startedAt").isNull()).as("it never ran").isTrue();
    }

    @Test
    void aUsedTicketIsRefusedTheSecondTimeAndQueuesNothing() throws Exception {
        LiveMonitor.Submitted submitted = live.submit(runners.idlesUntilCancelled(), null);
        assertThat(submitted.status()).isEqualTo(201);
        RunStream stream = live.stream(submitted.ticket());
        stream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, Duration.ofSeconds(30));

        LiveMonitor.Refusal refusal = live.upgrade(submitted.ticket());

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body().get("error").asText()).isEqualTo(REFUSED);
        assertThat(live.health().get("queueLength").asInt()).isZero();
        JsonNode run = live.getJson("/api/v1/runs/" + submitted.runId());
        assertThat(run.get("state").asText()).isEqualTo("running");
        assertThat(run.get("queuePosition").asInt()).isZero();
        assertThat(live.getJson("/api/v1/runs").get("runs").findValuesAsText("id"))
                .as("one run, not a second one for the reused ticket")
                .containsOnlyOnce(Long.toString(submitted.runId()));

        assertThat(live.delete("/api/v1/runs/" + submitted.runId()).statusCode())
                .isEqualTo(202);
        RunEnded ended = stream.awaitEnded(Duration.ofSeconds(30));
        assertThat(ended.state()).isEqualTo("cancelled");
    }
}
