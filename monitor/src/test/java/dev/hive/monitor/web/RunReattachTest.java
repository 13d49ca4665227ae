package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.task.RunState;
import dev.hive.protocol.events.LogLine;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-attaching a run's WebSocket ({@code GET /api/v1/runs/{id}/socket?after=<seq>}) against a real server whose runs
 * stay queued (no task runner): the replay after a number, the grace of a queued run whose socket dropped, the
 * refusals, and the journal's bound.
 */
class RunReattachTest {

    private static final Duration GRACE = Duration.ofSeconds(2);

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.withReattach(dataDir, GRACE);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aReattachReplaysTheEventsAfterItsSeqThenGoesOnLiveToTheEnd() throws Exception {
        Submitted run = submit();
        Frames first = new Frames();
        WebSocket ws = open("/api/v1/runs/socket?ticket=" + run.ticket(), first);
        assertThat(first.next().getString("type")).isEqualTo("queued");
        for (int i = 1; i <= 4; i++) {
            server.events.publish(new LogLine(run.runId(), "runner", "INFO", "line " + i));
        }
        for (int seq = 2; seq <= 5; seq++) {
            assertThat(first.next().getLong("seq")).isEqualTo(seq);
        }
        ws.abort();

        Frames again = new Frames();
        open("/api/v1/runs/" + run.runId() + "/socket?after=3", again);
        JsonObject four = again.next();
        assertThat(four.getLong("seq")).isEqualTo(4);
        assertThat(four.getString("message")).isEqualTo("line 3");
        assertThat(again.next().getLong("seq")).isEqualTo(5);
        int cancel = server.send(
                        server.request("/api/v1/runs/" + run.runId()).DELETE().build())
                .statusCode();
        assertThat(cancel).isEqualTo(200);
        JsonObject ended = again.next();
        assertThat(ended.getString("type")).isEqualTo("ended");
        assertThat(ended.getLong("seq")).isEqualTo(6);
        assertThat(again.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);

        // after the end, within the grace, the end can still be fetched again
        Frames late = new Frames();
        open("/api/v1/runs/" + run.runId() + "/socket?after=5", late);
        assertThat(late.next().getString("type")).isEqualTo("ended");
    }

    @Test
    void aQueuedRunWhoseSocketDroppedIsKeptByAReattachWithinTheGraceAndCancelledWithout() throws Exception {
        Submitted kept = submit();
        Submitted lost = submit();
        Frames keptFrames = new Frames();
        Frames lostFrames = new Frames();
        WebSocket keptWs = open("/api/v1/runs/socket?ticket=" + kept.ticket(), keptFrames);
        WebSocket lostWs = open("/api/v1/runs/socket?ticket=" + lost.ticket(), lostFrames);
        keptFrames.next();
        lostFrames.next();

        keptWs.abort();
        lostWs.abort();
        open("/api/v1/runs/" + kept.runId() + "/socket?after=1", new Frames());

        assertThat(awaitEnd(lost.runId())).isEqualTo(RunState.CANCELLED);
        assertThat(server.runs.find(lost.runId()).orElseThrow().errorMessage())
                .contains("the client's WebSocket dropped while the run was queued and did not re-attach within 2 s");
        assertThat(server.runs.find(kept.runId()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
        assertThat(server.queue.position(kept.runId())).isPositive();
        server.queue.cancel(kept.runId());
    }

    @Test
    void aReattachIsRefusedForAnUnknownRunAnotherTokenOrABadSeqButAnAdminMayReattach() throws Exception {
        Submitted run = submit();
        open("/api/v1/runs/socket?ticket=" + run.ticket(), new Frames());
        String other =
                server.tokens.create("other", "another user", Optional.empty()).plaintext();

        String admin = server.tokens
                .create(TestServer.ADMIN, "an admin", Optional.empty())
                .plaintext();
        Frames adminFrames = new Frames();
        open("/api/v1/runs/" + run.runId() + "/socket?after=0", admin, adminFrames);
        assertThat(adminFrames.next().getString("type"))
                .as("an admin may re-attach")
                .isEqualTo("queued");

        assertRefused("/api/v1/runs/999999/socket", server.token, 410, "GET /api/v1/runs/999999");
        assertRefused("/api/v1/runs/" + run.runId() + "/socket?after=0", other, 403, "another API token");
        assertRefused("/api/v1/runs/" + run.runId() + "/socket?after=-1", server.token, 400, "after");
        server.queue.cancel(run.runId());
    }

    @Test
    void pastTheJournalsBoundAReattachBeforeTheOldestKeptEventIs410AndLaterOnesStillWork() throws Exception {
        Submitted run = submit();
        open("/api/v1/runs/socket?ticket=" + run.ticket(), new Frames()).abort();
        for (int i = 0; i < RunJournal.MAX_EVENTS; i++) {
            server.events.publish(new LogLine(run.runId(), "runner", "INFO", "line " + i));
        }

        // the run's queue position may have been announced more than once (other runs left the queue)
        long oldest = server.events.oldest(run.runId());
        assertThat(oldest).isGreaterThan(1);

        assertRefused(
                "/api/v1/runs/" + run.runId() + "/socket?after=0",
                server.token,
                410,
                "events 1 to " + (oldest - 1) + " of run " + run.runId()
                        + " are no longer kept; read the run with GET /api/v1/runs/" + run.runId());
        Frames frames = new Frames();
        open("/api/v1/runs/" + run.runId() + "/socket?after=" + (oldest - 1), frames);
        assertThat(frames.next().getLong("seq")).isEqualTo(oldest);
        server.queue.cancel(run.runId());
    }

    private record Submitted(long runId, String ticket) {}

    private static Submitted submit() throws Exception {
        var r = server.postMultipart(
                new TestServer.Multipart().file("runner", "application/java-archive", TestServer.runnerJar()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject body = new JsonObject(r.body());
        return new Submitted(body.getLong("runId"), body.getString("ticket"));
    }

    private static WebSocket open(String path, Frames frames) throws Exception {
        return open(path, server.token, frames);
    }

    private static WebSocket open(String path, String token, Frames frames) throws Exception {
        return server.http
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(server.base.replace("http:", "ws:") + path), frames)
                .get(5, TimeUnit.SECONDS);
    }

    private static void assertRefused(String path, String token, int status, String message) {
        assertThatThrownBy(() -> open(path, token, new Frames()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(status);
                    assertThat(String.valueOf(e.getResponse().body())).contains(message);
                });
    }

    /** The run's state once it left QUEUED, waiting at most the grace and 5 s more. */
    private static RunState awaitEnd(long runId) throws Exception {
        long deadline = System.nanoTime() + GRACE.plusSeconds(5).toNanos();
        RunState state = server.runs.find(runId).orElseThrow().state();
        while (state == RunState.QUEUED && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = server.runs.find(runId).orElseThrow().state();
        }
        return state;
    }

    /** Text frames as JSON, and the close status. */
    static final class Frames implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        JsonObject next() throws InterruptedException {
            JsonObject event = received.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("an event within 5 s").isNotNull();
            return event;
        }
    }
}
