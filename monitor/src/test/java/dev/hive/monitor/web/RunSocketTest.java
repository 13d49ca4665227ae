package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.task.RunState;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSocketTest {

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dataDir, 1_000_000, 20);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aValidTicketQueuesTheRunAndPositionsFallAsOthersLeave() throws Exception {
        Submitted first = submit();
        Submitted second = submit();
        Events a = new Events();
        Events b = new Events();
        WebSocket wsA = connect(first.ticket(), a);
        assertThat(a.next().getInteger("position")).isEqualTo(1);
        connect(second.ticket(), b);
        assertThat(b.next().getInteger("position")).isEqualTo(2);

        wsA.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

        assertThat(b.next().getInteger("position")).isEqualTo(1);
        assertThat(server.queue.position(first.runId())).isZero();
        assertThat(eventually(
                        () -> server.runs.find(first.runId()).orElseThrow().state()))
                .isEqualTo(RunState.CANCELLED);
    }

    @Test
    void aReusedTicketIs401() throws Exception {
        Submitted run = submit();
        connect(run.ticket(), new Events());

        assertHandshakeStatus(run.ticket(), 401);
    }

    @Test
    void anUnknownTicketIs401AndQueuesNothing() throws Exception {
        int before = server.queue.size();

        assertHandshakeStatus("no-such-ticket", 401);
        assertThat(server.queue.size()).isEqualTo(before);
    }

    @Test
    void aFullQueueIs503AndTheRunIsCancelled() throws Exception {
        Submitted run = submit();
        java.util.List<Long> fillers = new java.util.ArrayList<>();
        try {
            for (long id = 1_000_000; server.queue.size() < 5; id++) {
                server.queue.enqueue(id);
                fillers.add(id);
            }

            assertHandshakeStatus(run.ticket(), 503);
            assertThat(eventually(
                            () -> server.runs.find(run.runId()).orElseThrow().state()))
                    .isEqualTo(RunState.CANCELLED);
        } finally {
            fillers.forEach(server.queue::cancel);
        }
    }

    private record Submitted(long runId, String ticket) {}

    private static Submitted submit() throws Exception {
        HttpResponse<String> r = server.postMultipart(
                new TestServer.Multipart().file("runner", "application/java-archive", TestServer.runnerJar()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject body = new JsonObject(r.body());
        return new Submitted(body.getLong("runId"), body.getString("ticket"));
    }

    private static WebSocket connect(String ticket, Events events) throws Exception {
        return server.http
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + server.token)
                .buildAsync(
                        URI.create(server.base.replace("http:", "ws:") + "/api/v1/runs/socket?ticket=" + ticket),
                        events)
                .get(5, TimeUnit.SECONDS);
    }

    private static void assertHandshakeStatus(String ticket, int status) {
        assertThatThrownBy(() -> connect(ticket, new Events()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(status));
    }

    private static <T> T eventually(java.util.concurrent.Callable<T> read) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        T value = read.call();
        while (value != null && System.nanoTime() < deadline && !value.equals(RunState.CANCELLED)) {
            Thread.sleep(20);
            value = read.call();
        }
        return value;
    }

    /** Collects text frames as JSON. */
    static final class Events implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

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

        JsonObject next() throws InterruptedException {
            JsonObject event = received.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("an event within 5 s").isNotNull();
            return event;
        }
    }
}
