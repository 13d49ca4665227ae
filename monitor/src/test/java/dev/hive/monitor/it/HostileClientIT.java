package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that misuse the run socket, against a real monitor: a thousand WebSocket upgrades without a ticket, and
 * a client that stops reading its run's socket while the run streams tens of megabytes of events.
 */
class HostileClientIT {

    private static final int SOCKETS = 1_000;

    @TempDir
    static Path dir;

    static LiveMonitor live;
    static FaultRunners runners;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir.resolve("monitor"), "");
        runners = new FaultRunners(dir.resolve("runners"));
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void aThousandWebSocketsWithoutATicketAreEachRefusedAndTheMonitorStaysBounded() throws Exception {
        String status = live.health().get("status").asText();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapBefore = usedHeapAfterGc();

        List<Socket> open = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try {
            for (int i = 0; i < SOCKETS; i++) {
                Socket socket = new Socket("127.0.0.1", live.monitor.port());
                open.add(socket);
                socket.setSoTimeout(30_000);
                String ticket = i % 2 == 0 ? "" : "?ticket=not-a-ticket-" + i;
                socket.getOutputStream()
                        .write(("GET /api/v1/runs/socket" + ticket + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                        + "Authorization: Bearer " + live.token + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
            }
            for (Socket socket : open) {
                answers.add(readAnswer(socket.getInputStream()));
            }

            assertThat(answers).hasSize(SOCKETS).allSatisfy(answer -> assertThat(answer)
                    .startsWith("HTTP/1.1 401")
                    .contains("the ticket is unknown, expired or already used"));

            // all 1,000 connections are still open on the client's side: the monitor holds them without a
            // thread each, and still answers at once
            long asked = System.nanoTime();
            assertThat(live.health().get("status").asText()).isEqualTo(status);
            assertThat(Duration.ofNanos(System.nanoTime() - asked))
                    .as("/healthz answers while 1,000 refused sockets are open")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
                    .as("threads (before: %d)", threadsBefore)
                    .isLessThan(threadsBefore + 20);
            assertThat(usedHeapAfterGc() - heapBefore)
                    .as("heap grown by 1,000 open refused connections")
                    .isLessThan(64L << 20);
            assertThat(live.health().get("queueLength").asInt())
                    .as("nothing queued")
                    .isZero();
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void aClientThatNeverReadsItsSocketIsClosedAndTheRunCompletesAndIsStored() throws Exception {
        int messages = 20_000;
        int nameLength = 3_000;
        Path loud = runners.build(
                "streams-a-lot",
                """
                try (var channel = connect(args[0])) {
                    hello(channel, args[1]);
                    send(channel, "{\\"type\\":\\"connect\\",\\"requestId\\":1,\\"channel\\":0,\\"stack\\":0,\\"slot\\":0}\\n");
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(java.nio.channels.Channels.newInputStream(channel)));
                    for (String line = in.readLine(); line != null && !line.contains("connected"); line = in.readLine()) {
                    }
                    String name = "y".repeat(%d);
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < %d; i++) {
                        batch.append("{\\"type\\":\\"testStarted\\",\\"testId\\":\\"t").append(i)
                                .append("\\",\\"displayName\\":\\"").append(name).append("\\",\\"cell\\":{\\"channel\\":0,"
                                + "\\"probe\\":\\"Virtual GDB probe 0\\",\\"probeSerial\\":\\"hive-virtual-0\\",\\"stack\\":0,"
                                + "\\"slot\\":0,\\"target\\":\\"lm3s6965evb\\"},\\"startedAt\\":\\"2026-11-21T22:15:03.125Z\\"}\\n");
                        if (i %% 2000 == 1999) {
                            send(channel, batch.toString());
                            batch.setLength(0);
                            Thread.sleep(150); // under the monitor's limit of messages per second
                        }
                    }
                    send(channel, batch.toString());
                    send(channel, "{\\"type\\":\\"runFinished\\",\\"summary\\":{\\"passed\\":0,\\"failed\\":0,"
                            + "\\"skipped\\":0,\\"errors\\":0,\\"durationMillis\\":0}}\\n");
                    Thread.sleep(500);
                }
                System.exit(0);
                """
                        .formatted(nameLength, messages));
        LiveMonitor.Submitted submitted = live.submit(loud, null);
        assertThat(submitted.status()).isEqualTo(201);

        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", live.monitor.port()));
            slow.setSoTimeout(30_000);
            slow.getOutputStream()
                    .write(("GET /api/v1/runs/socket?ticket=" + submitted.ticket() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                    + "Authorization: Bearer " + live.token + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = slow.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");

            // the client reads nothing more until the run has ended
            var run = live.awaitState(submitted.runId(), "finished", Duration.ofMinutes(2));
            assertThat(run.get("state").asText()).as("the run: %s", run).isEqualTo("finished");

            long read = 0;
            var tail = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                for (int n = in.read(buffer); n >= 0 && System.nanoTime() < deadline; n = in.read(buffer)) {
                    read += n;
                    tail.write(buffer, 0, n);
                    if (tail.size() > 1 << 20) {
                        tail.reset();
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException ignored) {
                // a reset or a silent socket ends the reading as well
            }
            long streamed = (long) messages * nameLength;
            assertThat(read)
                    .as("bytes the monitor still had for the slow client, of %d it would have streamed", streamed)
                    .isLessThan(8L << 20);
            assertThat(tail.toString(StandardCharsets.ISO_8859_1))
                    .as("the close frame's reason")
                    .contains("the client does not read its events");
        }

        var stored = live.awaitState(submitted.runId(), "finished", Duration.ZERO);
        assertThat(stored.get("finishedAt").isNull()).isFalse();
        assertThat(live.health().get("status").isTextual()).isTrue();
        assertThat(live.strayProcesses(Duration.ofSeconds(10))).isEmpty();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        Thread.sleep(200);
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The status line, headers and the Content-Length body of one HTTP answer. */
    private static String readAnswer(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the monitor closed the connection in its answer: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
