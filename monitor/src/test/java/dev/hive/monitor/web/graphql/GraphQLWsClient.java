package dev.hive.monitor.web.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A graphql-ws ({@code graphql-transport-ws}) client on the JDK's WebSocket, with a browser's cookies. */
final class GraphQLWsClient implements AutoCloseable {

    final WebSocket socket;
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** Pings from the server (the JDK answers each with a pong). */
    final AtomicInteger pings = new AtomicInteger();

    private GraphQLWsClient(WebSocket socket) {
        this.socket = socket;
    }

    /** {@link #open}, then {@code connection_init} with the browser's CSRF token; fails unless acknowledged. */
    static GraphQLWsClient connected(Browser browser) throws Exception {
        GraphQLWsClient ws = open(browser);
        ws.send(Map.of("type", "connection_init", "payload", Map.of("csrfToken", browser.cookies.get("hive_csrf"))));
        String type = ws.next(10).get("type").asText();
        if (!"connection_ack".equals(type)) {
            ws.close();
            throw new AssertionError("connection_init was answered with " + type + ", not connection_ack");
        }
        return ws;
    }

    /**
     * Opens {@code /graphql/ws} with the browser's cookies; fails when the upgrade is refused or does not select
     * {@code graphql-transport-ws}.
     */
    static GraphQLWsClient open(Browser browser) throws Exception {
        var listener = new Listener();
        WebSocket.Builder builder = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .connectTimeout(Duration.ofSeconds(10));
        if (!browser.cookies.isEmpty()) {
            builder.header("Cookie", browser.cookieHeader());
        }
        WebSocket ws = builder.buildAsync(URI.create(browser.base.replace("http", "ws") + "/graphql/ws"), listener)
                .get(10, TimeUnit.SECONDS);
        if (!"graphql-transport-ws".equals(ws.getSubprotocol())) {
            ws.abort();
            // The JDK accepts an answer without the subprotocol; a browser (Chromium) fails the handshake.
            throw new AssertionError("the upgrade did not select the subprotocol graphql-transport-ws but '"
                    + ws.getSubprotocol() + "'");
        }
        GraphQLWsClient client = new GraphQLWsClient(ws);
        listener.client = client;
        return client;
    }

    void send(Map<String, Object> message) throws Exception {
        socket.sendText(Browser.JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    }

    /** The next message, or fails after {@code seconds}. */
    JsonNode next(int seconds) throws InterruptedException {
        JsonNode m = messages.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no graphql-ws message within " + seconds + " s");
        }
        return m;
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        volatile GraphQLWsClient client;
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    awaitClient().messages.add(Browser.JSON.readTree(text.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            awaitClient().pings.incrementAndGet();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            awaitClient().closed.complete(statusCode);
            return null;
        }

        private GraphQLWsClient awaitClient() {
            while (client == null) {
                Thread.onSpinWait();
            }
            return client;
        }
    }
}
