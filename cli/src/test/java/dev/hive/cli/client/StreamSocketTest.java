package dev.hive.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.cli.CliException;
import dev.hive.cli.config.Connection;
import dev.hive.cli.lease.StreamBridge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's own WebSocket client against a real Vert.x (Netty) WebSocket server on loopback, plain and with TLS: the
 * upgrade with the token, masked frames both ways in all three length forms, fragmented messages with pings between
 * the fragments, text frames skipped, close codes and reasons both ways, refusals with the monitor's error.
 */
class StreamSocketTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static Vertx vertx;
    static HttpServer plain;
    static HttpServer tls;
    static Path certificate;

    /** Completed once the pump test's bytes came back. */
    private final CompletableFuture<Void> awaitEcho = new CompletableFuture<>();

    /**
     * What the server saw, each line led by the connection's {@code ticket} parameter: the Authorization header of
     * the upgrade, pongs, and the close frame.
     */
    static final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        HttpServerOptions options =
                new HttpServerOptions().setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(4 << 20);
        plain = await(vertx.createHttpServer(options)
                .requestHandler(StreamSocketTest::serve)
                .listen(0, "127.0.0.1"));
        certificate = openssl(dir);
        tls = await(vertx.createHttpServer(new HttpServerOptions(options)
                        .setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .setCertPath(certificate.toString())
                                .setKeyPath(dir.resolve("key.pem").toString())))
                .requestHandler(StreamSocketTest::serve)
                .listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    /** The server's routes: each path is one behaviour. */
    private static void serve(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/refuse")) {
            String body = "{\"error\":\"the ticket is unknown, expired, already used or for another lease\"}";
            request.response()
                    .setStatusCode(401)
                    .putHeader("Content-Type", "application/json")
                    .end(body);
            return;
        }
        request.toWebSocket().onSuccess(ws -> {
            String ticket = request.getParam("ticket");
            seen.add(ticket + " auth " + request.getHeader("Authorization"));
            ws.pongHandler(b -> seen.add(ticket + " pong " + b.toString(StandardCharsets.US_ASCII)));
            ws.closeHandler(v -> seen.add(ticket + " close " + ws.closeStatusCode() + " " + ws.closeReason()));
            switch (path) {
                case "/echo" -> ws.binaryMessageHandler(ws::writeBinaryMessage);
                case "/fragments" -> fragments(ws);
                case "/large" -> large(ws);
                case "/text" -> {
                    ws.writeFrame(WebSocketFrame.textFrame("skipped", true));
                    ws.writeBinaryMessage(Buffer.buffer("after"));
                }
                case "/close" -> ws.binaryMessageHandler(b -> ws.close((short) 4001, "the lease has ended (released)"));
                default -> ws.close((short) 1011, "no such route");
            }
        });
    }

    /** One message in three fragments, with a ping between the first two. */
    private static void fragments(ServerWebSocket ws) {
        ws.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer("abc"), false));
        ws.writeFrame(WebSocketFrame.pingFrame(Buffer.buffer("p1")));
        ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("def"), false));
        ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("ghi"), true));
    }

    /** A 200 KiB fragment (64-bit length), a ping, a 300-byte continuation (16-bit length), a 5-byte message. */
    private static void large(ServerWebSocket ws) {
        ws.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(pattern(200 * 1024, 0)), false));
        ws.writeFrame(WebSocketFrame.pingFrame(Buffer.buffer("mid")));
        ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(pattern(300, 200 * 1024)), true));
        ws.writeBinaryMessage(Buffer.buffer("tail!"));
    }

    static byte[] pattern(int length, int from) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((from + i) * 31 + 7);
        }
        return bytes;
    }

    private static StreamSocket open(String path) throws IOException {
        return WebSocketHandshake.open(
                URI.create("http://127.0.0.1:" + plain.actualPort() + path), "Bearer t", null, true, TIMEOUT);
    }

    private static byte[] readExactly(StreamSocket socket, int length) throws IOException {
        byte[] bytes = new byte[length];
        int at = 0;
        while (at < length) {
            int n = socket.read(bytes, at, length - at);
            if (n < 0) {
                throw new IOException("closed after " + at + " of " + length + " bytes");
            }
            at += n;
        }
        return bytes;
    }

    private static String next(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String line;
        while ((line = seen.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the server saw no '" + prefix + "' in " + TIMEOUT);
    }

    @Test
    void upgradesWithTheTokenAndEchoesMaskedFramesOfEveryLengthForm() throws Exception {
        try (StreamSocket socket = open("/echo?ticket=abc")) {
            assertThat(next("abc auth ")).isEqualTo("abc auth Bearer t");
            // 7-bit, 16-bit and 64-bit payload lengths; the server refuses unmasked client frames (RFC 6455, 5.1)
            for (int length : new int[] {4, 125, 126, 300, 65535, 65536, 70_000}) {
                byte[] sent = pattern(length, length);
                socket.send(sent, 0, length);
                assertThat(readExactly(socket, length)).as(length + " bytes").isEqualTo(sent);
            }
        }
        assertThat(next("abc close ")).startsWith("abc close 1000");
    }

    @Test
    void fragmentsMakeOneStreamAndAPingBetweenThemIsAnswered() throws Exception {
        try (StreamSocket socket = open("/fragments?ticket=fragments")) {
            assertThat(new String(readExactly(socket, 9), StandardCharsets.US_ASCII))
                    .isEqualTo("abcdefghi");
            assertThat(next("fragments pong ")).isEqualTo("fragments pong p1");
        }
    }

    @Test
    void aLargeFragmentedMessageWithAPingBetweenItsFragmentsArrivesWhole() throws Exception {
        try (StreamSocket socket = open("/large?ticket=large")) {
            assertThat(readExactly(socket, 200 * 1024 + 300)).isEqualTo(pattern(200 * 1024 + 300, 0));
            assertThat(next("large pong ")).isEqualTo("large pong mid");
            assertThat(new String(readExactly(socket, 5), StandardCharsets.US_ASCII))
                    .isEqualTo("tail!");
        }
    }

    @Test
    void textFramesAreSkipped() throws Exception {
        try (StreamSocket socket = open("/text")) {
            assertThat(new String(readExactly(socket, 5), StandardCharsets.US_ASCII))
                    .isEqualTo("after");
        }
    }

    @Test
    void theServersCloseCodeAndReasonAreKeptAndAnswered() throws Exception {
        StreamSocket socket = open("/close?ticket=close");
        socket.send(new byte[] {'x'}, 0, 1);
        StreamBridge bridge = new StreamBridge(socket);
        // the reason the user is shown ("hive: the GDB stream closed: ...")
        assertThat(bridge.copyTo(new ByteArrayOutputStream())).isEqualTo("the lease has ended (released)");
        assertThat(socket.closeFrame()).contains(new StreamSocket.Close(4001, "the lease has ended (released)"));
        assertThat(next("close close ")).startsWith("close close 4001");
        assertThat(socket.isOutputClosed()).isTrue();
    }

    @Test
    void theClientsCloseReachesTheServerWithItsCodeAndReason() throws Exception {
        try (StreamSocket socket = open("/echo?ticket=client")) {
            assertThat(socket.sendClose(StreamSocket.NORMAL, "the client left")).isTrue();
            assertThat(socket.sendClose(StreamSocket.NORMAL, "twice")).isFalse();
            assertThat(socket.read(new byte[16], 0, 16)).isEqualTo(-1);
            assertThat(socket.closeFrame()).map(StreamSocket.Close::code).contains(1000);
            assertThatThrownBy(() -> socket.send(new byte[1], 0, 1)).hasMessageContaining("closed");
        }
        assertThat(next("client close ")).isEqualTo("client close 1000 the client left");
    }

    @Test
    void aPumpedLocalStreamGoesOutFrameByFrameAndItsEndClosesTheStream() throws Exception {
        StreamSocket socket = open("/echo?ticket=pump");
        StreamBridge bridge = new StreamBridge(socket);
        byte[] sent = pattern(100_000, 3);
        CompletableFuture<Void> pumped = CompletableFuture.runAsync(() -> bridge.pump(
                new InputStream() {
                    int at;

                    @Override
                    public int read() {
                        return at < sent.length ? sent[at++] & 0xff : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        // the echo must arrive before the end closes the stream: wait for it
                        if (at == sent.length) {
                            awaitEcho.join();
                            return -1;
                        }
                        int n = Math.min(Math.min(len, 7000), sent.length - at);
                        System.arraycopy(sent, at, b, off, n);
                        at += n;
                        return n;
                    }
                },
                b -> false,
                true));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                received.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                received.write(b, off, len);
                if (received.size() == sent.length) {
                    awaitEcho.complete(null);
                }
            }
        };
        String reason = bridge.copyTo(out);
        pumped.get(10, TimeUnit.SECONDS);
        assertThat(received.toByteArray()).isEqualTo(sent);
        assertThat(next("pump close ")).isEqualTo("pump close 1000 the client left");
        assertThat(socket.closeFrame()).map(StreamSocket.Close::code).contains(1000);
        assertThat(reason).isNotBlank();
    }

    @Test
    void aRefusalCarriesTheMonitorsStatusAndMessage() {
        assertThatThrownBy(() -> open("/refuse?ticket=used"))
                .isInstanceOfSatisfying(WebSocketHandshake.Refused.class, refused -> {
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.body()).contains("the ticket is unknown");
                });
        MonitorClient client = new MonitorClient(
                new Connection(URI.create("http://127.0.0.1:" + plain.actualPort()), "t", null, false));
        assertThatThrownBy(() -> client.openStream("/refuse?ticket=used", "opening the GDB stream"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("the ticket is unknown, expired, already used or for another lease");
    }

    @Test
    void aServerThatAnswersWithAWrongAcceptIsNotTrusted() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = fake.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream()
                            .write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                            + "Sec-WebSocket-Accept: " + WebSocketHandshake.accept("not the key")
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThatThrownBy(() -> WebSocketHandshake.open(
                            URI.create("http://127.0.0.1:" + fake.getLocalPort() + "/x"),
                            "Bearer t",
                            null,
                            true,
                            TIMEOUT))
                    .hasMessageContaining("Sec-WebSocket-Accept does not match");
            served.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAcceptValueIsTheRfcsExample() {
        // RFC 6455, 1.3
        assertThat(WebSocketHandshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void wssWithTheCaCertOfASelfSignedMonitor() throws Exception {
        MonitorClient client = new MonitorClient(
                new Connection(URI.create("https://localhost:" + tls.actualPort()), "t", certificate, false));
        try (StreamSocket socket = client.openStream("/echo?ticket=tls", "opening the GDB stream")) {
            assertThat(next("tls auth ")).isEqualTo("tls auth Bearer t");
            byte[] sent = pattern(70_000, 1);
            socket.send(sent, 0, sent.length);
            assertThat(readExactly(socket, sent.length)).isEqualTo(sent);
        }
    }

    @Test
    void wssRefusesAnUntrustedCertificateAndAWrongNameButInsecureAcceptsBoth() throws Exception {
        MonitorClient untrusted = new MonitorClient(
                new Connection(URI.create("https://localhost:" + tls.actualPort()), "t", null, false));
        assertThatThrownBy(() -> untrusted.openStream("/echo", "opening the GDB stream"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("TLS failed")
                .hasMessageContaining("--ca-cert");
        // the certificate names localhost, not 127.0.0.1
        MonitorClient wrongName = new MonitorClient(
                new Connection(URI.create("https://127.0.0.1:" + tls.actualPort()), "t", certificate, false));
        assertThatThrownBy(() -> wrongName.openStream("/echo", "opening the GDB stream"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("TLS failed");
        MonitorClient insecure =
                new MonitorClient(new Connection(URI.create("https://127.0.0.1:" + tls.actualPort()), "t", null, true));
        try (StreamSocket socket = insecure.openStream("/echo", "opening the GDB stream")) {
            socket.send(new byte[] {1, 2, 3}, 0, 3);
            assertThat(readExactly(socket, 3)).isEqualTo(new byte[] {1, 2, 3});
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A certificate and key for {@code localhost}, made by openssl (as an admin would). */
    private static Path openssl(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost",
                        "-keyout",
                        dir.resolve("key.pem").toString(),
                        "-out",
                        cert.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate:\n" + output);
        }
        return cert;
    }
}
