package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits.idleTimeoutSeconds}: idle connections are closed, open WebSockets are kept busy with pings. */
class IdleTimeoutTest {

    static final Duration IDLE = Duration.ofSeconds(1);

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dataDir, 1 << 20, 5, IDLE);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aKeptAliveConnectionThatGoesQuietIsClosedByTheMonitor() throws Exception {
        URI base = URI.create(server.base);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000); // far beyond the idle timeout: a read that times out fails the test
            socket.getOutputStream()
                    .write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
            assertThat(in.readNBytes(length)).hasSize(length);

            long quiet = System.nanoTime();
            assertThat(in.read())
                    .as("end of stream: the monitor closed the idle connection")
                    .isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - quiet)).isGreaterThanOrEqualTo(IDLE.dividedBy(2));
        }
    }

    @Test
    void aQuietRunSocketStaysOpenBecauseTheMonitorPingsIt() throws Exception {
        HttpResponse<String> submitted = server.postMultipart(
                new TestServer.Multipart().file("runner", "application/java-archive", TestServer.runnerJar()));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String ticket = new JsonObject(submitted.body()).getString("ticket");

        var pings = new CountDownLatch(6); // two idle timeouts' worth of pings
        var closed = new CompletableFuture<Integer>();
        WebSocket socket = server.http
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + server.token)
                .buildAsync(
                        URI.create(server.base.replace("http:", "ws:") + "/api/v1/runs/socket?ticket=" + ticket),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                                pings.countDown();
                                webSocket.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                webSocket.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                                closed.complete(statusCode);
                                return null;
                            }

                            @Override
                            public void onError(WebSocket webSocket, Throwable error) {
                                closed.completeExceptionally(error);
                            }
                        })
                .get(5, TimeUnit.SECONDS);
        try {
            assertThat(pings.await(15, TimeUnit.SECONDS))
                    .as("pings over two idle timeouts")
                    .isTrue();
            assertThat(closed).as("the quiet run socket is still open").isNotDone();
            assertThat(socket.isInputClosed()).isFalse();
        } finally {
            socket.abort();
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
