package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.client.StreamSocket;
import dev.hive.cli.client.WebSocketHandshake;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A lease's GDB stream (issue 15): a GDB {@code m} read of 4 bytes and of 4 KiB through the monitor's WebSocket
 * tunnel against the same read on the virtual probe's socket directly, p50 and p99 of each and the tunnel / direct
 * ratio of the p50s (target: at most 2x on loopback). Both sides speak RSP with acknowledgements, as GDB does. The
 * tunnel is measured leg by leg: with Java's WebSocket client as it comes (its default executor hands every received
 * frame to another thread), with that client delivering on its selector thread (what {@code hive gdb} ran until
 * issue 15's own client), with the CLI's own blocking client ({@code StreamSocket}, what {@code hive gdb} runs) on the
 * bench's thread, which leaves the monitor's share, and through {@code cli/bin/hive gdb LEASE}'s local TCP port,
 * which is what GDB gets. {@link LeaseCliComparison} compares two builds of {@code hive gdb}. The floor of any tunnel is
 * measured too: the direct read through one and through two plain relay processes ({@code socat} between Unix
 * sockets: no WebSocket, no Java), since {@code hive gdb} and the monitor are two such hops on the way.
 */
final class LeaseBench {

    static final String RACK =
            """
            name: lease-bench
            backend: virtual
            channels: 1
            runDirectory: %s
            stacks:
              - name: stack-a
                targets: [lm3s6965evb]
            """;

    /** The start of the lm3s6965evb's RAM. */
    private static final long RAM = 0x2000_0000L;

    /** The most bytes one {@code m} packet asks for (QEMU's stub answers E22 to a 4 KiB one). */
    private static final int CHUNK = 2000;

    private final boolean quick;
    private final Report report;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    LeaseBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    /** This benchmark alone: {@code java -cp … dev.hive.bench.LeaseBench [--quick]} from the repository's root. */
    public static void main(String[] args) throws Exception {
        var report = new Report();
        new LeaseBench(List.of(args).contains("--quick"), report).run();
        report.print(System.out);
    }

    void run() throws Exception {
        Path runDir = Files.createTempDirectory("hive-lease-bench-");
        try (MonitorProcess monitor = MonitorProcess.start(RACK.formatted(runDir))) {
            JsonNode lease = post(monitor, "/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"minutes\":10}");
            long id = lease.path("id").asLong();
            Path probe = probeSocket(runDir);
            int rounds = quick ? 30 : 1000;
            HttpClient sameThread =
                    HttpClient.newBuilder().executor(Runnable::run).build();
            for (int bytes : new int[] {4, 4096}) {
                List<Double> direct;
                try (Rsp rsp = new Rsp(new DirectLink(probe))) {
                    direct = measure(rsp, bytes, rounds);
                }
                double d50 = percentile(direct, 50);
                report.add(
                        "GDB m read of " + bytes + " B, direct probe socket",
                        "p50 %.3f ms, p99 %.3f ms".formatted(d50, percentile(direct, 99)),
                        "(baseline, " + rounds + " reads)");
                relayed(bytes, rounds, d50, probe, runDir, 1);
                relayed(bytes, rounds, d50, probe, runDir, 2);
                // the legs apart: the JDK client as it comes (its executor hands every frame to another thread),
                // the JDK client delivering on its selector thread, the CLI's StreamSocket on this thread, and
                // hive gdb as a user runs it (GDB's TCP leg)
                tunnel(
                        bytes,
                        rounds,
                        d50,
                        "JDK WebSocket, default executor",
                        () -> new TunnelLink(http, monitor, ticket(monitor, id)));
                tunnel(
                        bytes,
                        rounds,
                        d50,
                        "JDK WebSocket, same-thread executor",
                        () -> new TunnelLink(sameThread, monitor, ticket(monitor, id)));
                tunnel(
                        bytes,
                        rounds,
                        d50,
                        "the CLI's StreamSocket on this thread, no hive gdb leg (the monitor's share)",
                        () -> new StreamLink(monitor, ticket(monitor, id)));
                try (HiveGdb gdb = HiveGdb.start(monitor, id)) {
                    tunnel(bytes, rounds, d50, "hive gdb's TCP port", () -> new TcpLink(gdb.port));
                }
            }
            // QEMU's stub halted the target when GDB attached; detaching lets it run (and answer on its UART)
            try (Rsp rsp = new Rsp(new DirectLink(probe))) {
                rsp.command("D");
            }
            uartBurst(monitor, id);
            delete(monitor, "/api/v1/leases/" + id);
        }
    }

    /** A UART burst of 1 MiB (quick: 64 KiB) through the lease's UART stream, every byte checked. */
    private void uartBurst(MonitorProcess monitor, long id) throws Exception {
        int bytes = quick ? 64 * 1024 : 1024 * 1024;
        String path = post(monitor, "/api/v1/leases/" + id + "/tickets", "{\"stream\":\"uart\"}")
                .path("path")
                .asText();
        LeaseUartBurst.Result result = LeaseUartBurst.run(monitor, path, bytes);
        report.add(
                "UART burst of " + (bytes / 1024) + " KiB through the lease tunnel (lm3s6965evb, PL011)",
                "%.2f MiB/s (%.2f s), every byte in order".formatted(result.mibPerSecond(), result.seconds()),
                "no loss");
    }

    /** Measures reads through one kind of tunnel link and reports them against the direct p50. */
    private void tunnel(int bytes, int rounds, double d50, String how, LinkFactory links) throws Exception {
        List<Double> tunnel;
        try (Rsp rsp = new Rsp(links.open())) {
            tunnel = measure(rsp, bytes, rounds);
        }
        double t50 = percentile(tunnel, 50);
        report.add(
                "GDB m read of " + bytes + " B, tunnel (" + how + ")",
                "p50 %.3f ms, p99 %.3f ms".formatted(t50, percentile(tunnel, 99)),
                "");
        report.add("tunnel / direct p50, " + bytes + " B, " + how, "%.2fx".formatted(t50 / d50), "<= 2x");
    }

    /**
     * The direct read through {@code hops} {@code socat} relays chained in front of the probe's socket: the least
     * that hops of any kind add on this machine (a relay copies bytes and wakes once per direction, as a tunnel's
     * end does, and nothing more).
     */
    private void relayed(int bytes, int rounds, double d50, Path probe, Path runDir, int hops) throws Exception {
        List<Process> relays = new ArrayList<>();
        try {
            Path next = probe;
            for (int i = 0; i < hops; i++) {
                Path listen = runDir.resolve("relay-" + bytes + "-" + hops + "-" + i + ".sock");
                relays.add(new ProcessBuilder("socat", "UNIX-LISTEN:" + listen, "UNIX-CONNECT:" + next)
                        .redirectErrorStream(true)
                        .start());
                awaitSocket(listen, relays.get(i));
                next = listen;
            }
            List<Double> times;
            try (Rsp rsp = new Rsp(connect(next))) {
                times = measure(rsp, bytes, rounds);
            }
            double r50 = percentile(times, 50);
            report.add(
                    "GDB m read of " + bytes + " B, direct through " + hops + " socat relay" + (hops > 1 ? "s" : ""),
                    "p50 %.3f ms, p99 %.3f ms; / direct p50 %.2fx".formatted(r50, percentile(times, 99), r50 / d50),
                    "(floor of a tunnel with " + hops + " hop" + (hops > 1 ? "s" : "") + ")");
        } finally {
            relays.forEach(Process::destroy);
            for (Process relay : relays) {
                relay.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitSocket(Path socket, Process relay) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!relay.isAlive() || System.nanoTime() > deadline) {
                relay.destroy();
                throw new IOException("socat did not listen on " + socket + ": "
                        + new String(relay.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Thread.sleep(10);
        }
    }

    /** Connects to a relay's socket: it exists once socat bound it, which may be a moment before it listens. */
    private static DirectLink connect(Path socket) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return new DirectLink(socket);
            } catch (java.net.ConnectException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    String ticket(MonitorProcess monitor, long id) throws Exception {
        return post(monitor, "/api/v1/leases/" + id + "/tickets", "{\"stream\":\"gdb\"}")
                .path("path")
                .asText();
    }

    /** Opens a link. */
    interface LinkFactory {
        Link open() throws Exception;
    }

    private static List<Double> measure(Rsp rsp, int bytes, int rounds) throws IOException, InterruptedException {
        warmUp(rsp, bytes, rounds / 2);
        return reads(rsp, bytes, rounds);
    }

    /** The stop reason, then {@code reads} reads: both JVMs' JIT (the first few hundred took 1-2 ms each). */
    static void warmUp(Rsp rsp, int bytes, int reads) throws IOException, InterruptedException {
        rsp.command("?");
        for (int i = 0; i < reads; i++) {
            rsp.command("m%x,%x".formatted(RAM, Math.min(CHUNK, bytes)));
        }
    }

    /** Times {@code rounds} reads of {@code bytes}, in milliseconds each. */
    static List<Double> reads(Rsp rsp, int bytes, int rounds) throws IOException, InterruptedException {
        var millis = new ArrayList<Double>();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            // as GDB does: m packets of at most what the stub's PacketSize (4096 chars in QEMU) allows
            for (int offset = 0; offset < bytes; offset += CHUNK) {
                int n = Math.min(CHUNK, bytes - offset);
                String reply = rsp.command("m%x,%x".formatted(RAM + offset, n));
                if (reply.length() != 2 * n) {
                    throw new IOException("unexpected m reply (" + reply.length() + " chars): "
                            + reply.substring(0, Math.min(40, reply.length())));
                }
            }
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    static double percentile(List<Double> values, int p) {
        var sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static Path probeSocket(Path runDir) throws IOException {
        try (Stream<Path> files = Files.walk(runDir)) {
            return files.filter(p -> p.getFileName().toString().equals("probe-0.sock"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no probe-0.sock under " + runDir));
        }
    }

    JsonNode post(MonitorProcess monitor, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(monitor.base + path))
                        .header("Authorization", "Bearer " + monitor.token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    void delete(MonitorProcess monitor, String path) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(monitor.base + path))
                        .header("Authorization", "Bearer " + monitor.token)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Bytes both ways. */
    interface Link extends AutoCloseable {
        void send(byte[] bytes) throws IOException;

        /** The next bytes that came (blocking). */
        byte[] receive() throws IOException, InterruptedException;

        @Override
        void close() throws IOException;
    }

    /** The virtual probe's Unix socket. */
    static final class DirectLink implements Link {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

        DirectLink(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        }

        @Override
        public void send(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        @Override
        public byte[] receive() throws IOException {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("the probe closed the connection");
            }
            byte[] out = new byte[n];
            buffer.flip().get(out);
            return out;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The lease's GDB stream over the monitor's WebSocket. */
    static final class TunnelLink implements Link, WebSocket.Listener {
        private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        private final WebSocket ws;

        TunnelLink(HttpClient http, MonitorProcess monitor, String path) {
            ws = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + monitor.token)
                    .buildAsync(URI.create(monitor.base.replace("http", "ws") + path), this)
                    .join();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            frames.add(bytes);
            return null;
        }

        @Override
        public void send(byte[] bytes) {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        @Override
        public byte[] receive() throws IOException, InterruptedException {
            byte[] next = frames.poll(10, TimeUnit.SECONDS);
            if (next == null) {
                throw new IOException("no answer through the tunnel in 10 s");
            }
            return next;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    /**
     * The lease's GDB stream on the CLI's own blocking WebSocket client ({@link StreamSocket}, what {@code hive gdb}
     * runs) on the bench's thread: the tunnel without {@code hive gdb}'s TCP leg, which leaves the monitor's share.
     */
    static final class StreamLink implements Link {
        private final StreamSocket socket;
        private final byte[] buffer = new byte[64 * 1024];

        StreamLink(MonitorProcess monitor, String path) throws IOException {
            socket = WebSocketHandshake.open(
                    URI.create(monitor.base + path), "Bearer " + monitor.token, null, true, Duration.ofSeconds(10));
        }

        @Override
        public void send(byte[] bytes) throws IOException {
            socket.send(bytes, 0, bytes.length);
        }

        @Override
        public byte[] receive() throws IOException {
            int n = socket.read(buffer, 0, buffer.length);
            if (n < 0) {
                throw new IOException("the monitor closed the stream: " + socket.closeFrame());
            }
            return java.util.Arrays.copyOf(buffer, n);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A TCP connection (GDB's leg to {@code hive gdb}). */
    static final class TcpLink implements Link {
        private final Socket socket;
        private final byte[] buffer = new byte[64 * 1024];

        TcpLink(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
        }

        @Override
        public void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
        }

        @Override
        public byte[] receive() throws IOException {
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                throw new IOException("hive gdb closed the connection");
            }
            return java.util.Arrays.copyOf(buffer, n);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** {@code cli/bin/hive gdb LEASE} in its own process, as a user runs it; its port from the line it prints. */
    static final class HiveGdb implements AutoCloseable {
        private static final Pattern LINE = Pattern.compile("target extended-remote 127\\.0\\.0\\.1:(\\d+)");
        final Process process;
        final int port;

        private HiveGdb(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static HiveGdb start(MonitorProcess monitor, long lease) throws IOException {
            return start(Path.of("cli/bin/hive"), monitor, lease);
        }

        /** As {@link #start(MonitorProcess, long)} with another build's launcher ({@code bin/hive}). */
        static HiveGdb start(Path launcher, MonitorProcess monitor, long lease) throws IOException {
            var command = new ProcessBuilder(launcher.toAbsolutePath().toString(), "gdb", Long.toString(lease))
                    .redirectErrorStream(true);
            command.environment().put("HIVE_URL", monitor.base);
            command.environment().put("HIVE_TOKEN", monitor.token);
            Process process = command.start();
            var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(
                            () -> {
                                try {
                                    while (out.readLine() != null) {
                                        // keep the pipe empty
                                    }
                                } catch (IOException gone) {
                                    // the process was stopped
                                }
                            },
                            "hive-gdb-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new HiveGdb(process, Integer.parseInt(m.group(1)));
                }
            }
            process.destroy();
            throw new IOException("hive gdb printed no port:\n" + seen);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** GDB's remote protocol with acknowledgements: one command, one reply. */
    static final class Rsp implements AutoCloseable {
        private final Link link;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Rsp(Link link) {
            this.link = link;
        }

        String command(String payload) throws IOException, InterruptedException {
            int sum = 0;
            for (byte b : payload.getBytes(StandardCharsets.US_ASCII)) {
                sum = (sum + (b & 0xff)) & 0xff;
            }
            link.send(("$" + payload + "#" + "%02x".formatted(sum)).getBytes(StandardCharsets.US_ASCII));
            String reply = readPacket();
            link.send(new byte[] {'+'});
            return reply;
        }

        /** Skips acks, answers the packet's payload once its checksum has arrived. */
        private String readPacket() throws IOException, InterruptedException {
            while (true) {
                String text = pending.toString(StandardCharsets.US_ASCII);
                int start = text.indexOf('$');
                int hash = start < 0 ? -1 : text.indexOf('#', start);
                if (hash >= 0 && text.length() >= hash + 3) {
                    String payload = text.substring(start + 1, hash);
                    String rest = text.substring(hash + 3);
                    pending.reset();
                    pending.writeBytes(rest.getBytes(StandardCharsets.US_ASCII));
                    return payload;
                }
                pending.writeBytes(link.receive());
            }
        }

        @Override
        public void close() throws IOException {
            link.close();
        }
    }
}
