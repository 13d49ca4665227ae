package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease streams for a web session, on a real monitor with its virtual rack, over real HTTP and WebSocket: the
 * GraphQL mutation {@code leaseStreamTicket} (session cookie + CSRF) hands out a single-use ticket that the lease
 * stream endpoint accepts with that session's cookie instead of a Bearer token.
 */
class LeaseStreamTicketTest {

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static Browser holder;
    static Browser other;
    static String leaseId;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir);
        holder = new Browser(monitor.base);
        assertThat(holder.login(GraphQLMonitor.ADMIN, GraphQLMonitor.PASSWORD).status())
                .isEqualTo(200);
        other = new Browser(monitor.base);
        assertThat(other.login(GraphQLMonitor.MAINTAINER, GraphQLMonitor.PASSWORD)
                        .status())
                .isEqualTo(200);
        Browser.Answer lease = holder.post("mutation { createLease(target: \"lm3s6965evb\", minutes: 5) { id } }");
        leaseId = lease.body().path("data").path("createLease").path("id").asText();
        assertThat(leaseId).as("%s", lease.body()).isNotEmpty();
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static String path(Browser browser, String stream) throws Exception {
        Browser.Answer answer = browser.post(
                "mutation($id: ID!, $s: String!) { leaseStreamTicket(id: $id, stream: $s) { ticket stream path } }",
                Map.of("id", leaseId, "s", stream),
                browser.cookies.get(GraphQLRoutes.CSRF_COOKIE));
        String path = answer.body()
                .path("data")
                .path("leaseStreamTicket")
                .path("path")
                .asText();
        assertThat(path).as("%s", answer.body()).startsWith("/api/v1/leases/" + leaseId + "/streams/" + stream);
        return path;
    }

    private static WebSocket open(Browser browser, String path, Frames frames, String origin) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", browser.cookieHeader());
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(URI.create(monitor.base.replace("http", "ws") + path), frames)
                .join();
    }

    private static int refusal(Browser browser, String path, String origin) {
        try {
            open(browser, path, new Frames(), origin);
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void theHolderReadsAndWritesTheUartWithASessionTicketOnce() throws Exception {
        String path = path(holder, "uart");
        Frames uart = new Frames();
        WebSocket ws = open(holder, path, uart, monitor.base);
        ws.sendBinary(ByteBuffer.wrap("uid?\n".getBytes(StandardCharsets.US_ASCII)), true)
                .join();
        uart.await("hive:uid=");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

        assertThat(refusal(holder, path, null)).as("a ticket is single use").isEqualTo(401);
    }

    @Test
    void anotherUserReadsTheUartOnlyAndGetsNoGdbTicket() throws Exception {
        Frames uart = new Frames();
        WebSocket ws = open(other, path(other, "uart"), uart, null);
        ws.sendBinary(ByteBuffer.wrap("uid?\n".getBytes(StandardCharsets.US_ASCII)), true)
                .join();
        assertThat(uart.closed.get(30, TimeUnit.SECONDS))
                .isEqualTo("1008 only the lease's holder may write to the UART");

        Browser.Answer gdb = other.post(
                "mutation($id: ID!) { leaseStreamTicket(id: $id, stream: \"gdb\") { path } }",
                Map.of("id", leaseId),
                other.cookies.get(GraphQLRoutes.CSRF_COOKIE));
        assertThat(gdb.body()
                        .path("errors")
                        .get(0)
                        .path("extensions")
                        .path("code")
                        .asText())
                .as("%s", gdb.body())
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void aTicketNeedsItsOwnSessionAndThisMonitorsOrigin() throws Exception {
        assertThat(refusal(other, path(holder, "uart"), null))
                .as("another session's cookie")
                .isEqualTo(401);
        assertThat(refusal(holder, path(holder, "uart"), "http://evil.example"))
                .as("a cross-site page")
                .isEqualTo(403);
        assertThat(refusal(new Browser(monitor.base), "/api/v1/leases/" + leaseId + "/streams/uart", null))
                .as("no ticket, no token")
                .isEqualTo(401);
    }

    @Test
    void aTicketOpensItsStreamOnlyAndNoOtherLeaseRoute() throws Exception {
        String path = path(holder, "uart");
        String query = path.substring(path.indexOf('?'));
        HttpResponse<String> lease = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(monitor.base + "/api/v1/leases/" + leaseId + query))
                                .header("Cookie", holder.cookieHeader())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(lease.statusCode()).as("%s", lease.body()).isEqualTo(401);

        WebSocket ws = open(holder, path, new Frames(), null);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void theHolderReachesGdbWithASessionTicket() throws Exception {
        Frames gdb = new Frames();
        WebSocket ws = open(holder, path(holder, "gdb"), gdb, null);
        ws.sendBinary(ByteBuffer.wrap("$?#3f".getBytes(StandardCharsets.US_ASCII)), true)
                .join();
        gdb.await("#");
        assertThat(gdb.text()).as("the stub's stop reply").containsPattern("\\$[ST][0-9a-f]{2}");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /** The binary frames a WebSocket received, and how it closed. */
    static final class Frames implements WebSocket.Listener {
        private final StringBuffer text = new StringBuffer();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            text.append(new String(bytes, StandardCharsets.ISO_8859_1));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
        }

        String text() {
            return text.toString();
        }

        void await(String wanted) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!text().contains(wanted) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(text()).contains(wanted);
        }
    }
}
