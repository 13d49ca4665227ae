package dev.hive.monitor.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.config.LeaseConfig;
import dev.hive.monitor.db.Database;
import dev.hive.rack.backend.ProbeDiscovery;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.physical.ExternalFlasher;
import dev.hive.rack.physical.SerialDevice;
import dev.hive.rack.physical.StaticRackBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static rack's UART on a serial device, streamed to a lease: a real static backend, a real SQLite file, the lease's
 * {@link LeaseStreams} behind a real Vert.x HTTP server on a loopback port and the JDK's WebSocket client. The
 * "device" is one end of a pair of pseudo-terminals linked by {@code socat}; the test plays the target on the other
 * end.
 */
class SerialUartsTest {

    private static final String MISSING = "/dev/hive-test-no-such-uart";
    private static final LeaseConfig CONFIG = new LeaseConfig(
            Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(90), Duration.ofMinutes(10), 4096);
    /** More than every buffer between the target and the client can hold (TCP on loopback included). */
    private static final long TOTAL = 48L * 1024 * 1024;

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private Database db;
    private StaticRackBackend rack;
    private Leases leases;
    private LeaseStreams streams;
    private int port;
    private Holder alice;
    private Process socat;

    @AfterEach
    void stop() throws Exception {
        if (leases != null) {
            leases.close();
        }
        if (streams != null) {
            streams.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (rack != null) {
            rack.close();
        }
        if (db != null) {
            db.close();
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingDeviceClosesTheUartStreamSayingWhyAndTheLeaseGoesOn() throws Exception {
        start(MISSING);
        Lease lease = leases.create(new LeaseRequest("lm3s6965evb", OptionalInt.empty(), OptionalInt.of(5), ""), alice);

        Frames uart = open(lease, true);

        assertThat(uart.closed.get(30, TimeUnit.SECONDS))
                .isEqualTo("1011 the UART device " + MISSING + " does not exist (is the serial adapter plugged in?)");
        assertThat(leases.openLease(lease.id())).as("the lease goes on").isPresent();
        Lease released = leases.release(lease.id(), alice);
        assertThat(released.end()).contains(LeaseEnd.RELEASED);
    }

    @Test
    void theHoldersBytesReachTheDeviceAndAFullHolderStopsTheReaderWithoutLoss() throws Exception {
        Path monitorSide = dir.resolve("ttyUSB-monitor");
        Path targetSide = dir.resolve("ttyUSB-target");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + monitorSide, "pty,raw,echo=0,link=" + targetSide)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(monitorSide) || !Files.exists(targetSide)) {
            assertThat(socat.isAlive()).as("socat runs").isTrue();
            assertThat(System.nanoTime()).as("socat made its ptys").isLessThan(deadline);
            Thread.sleep(20);
        }
        start(monitorSide.toString());
        Lease lease = leases.create(new LeaseRequest("lm3s6965evb", OptionalInt.empty(), OptionalInt.of(5), ""), alice);

        try (SerialDevice target = SerialDevice.openUart(targetSide.toString(), 115200)) {
            Frames uart = open(lease, false);
            uart.ws
                    .sendBinary(ByteBuffer.wrap("uid?\n".getBytes(StandardCharsets.US_ASCII)), true)
                    .get(10, TimeUnit.SECONDS);
            assertThat(readLine(target)).as("the holder's bytes on the device").isEqualTo("uid?\n");

            // the target sends more than every buffer holds while the client reads nothing
            AtomicLong written = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            Thread writer = new Thread(() -> send(target, written, done), "test-target-uart");
            writer.setDaemon(true);
            writer.start();
            long last = -1;
            long stillSince = System.nanoTime();
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - stillSince < Duration.ofSeconds(1).toNanos()) {
                if (done.get()) {
                    fail("the target sent all " + TOTAL + " bytes while the holder read none: the device was read on");
                }
                assertThat(System.nanoTime()).as("the target's writes stall").isLessThan(giveUp);
                long now = written.get();
                if (now != last) {
                    last = now;
                    stillSince = System.nanoTime();
                }
                Thread.sleep(100);
            }
            assertThat(written.get()).as("held back").isLessThan(TOTAL);

            // the client reads: the reader resumes, every byte arrives in order
            uart.ws.request(Long.MAX_VALUE);
            assertThat(uart.received.get(120, TimeUnit.SECONDS)).isEqualTo(TOTAL);
            assertThat(done).isTrue();
            writer.join(10_000);
        }
        leases.release(lease.id(), alice);
    }

    private void start(String uart) throws Exception {
        var config = (StaticRackConfig) new RackFile(TargetCatalog.builtin())
                .parse(
                        """
                        name: serial-uart-test
                        backend: static
                        channels:
                          - probe: {kind: network, serial: "UART-TEST"}
                            target: lm3s6965evb
                            gdbSerial: /dev/hive-test-no-such-bmp
                            uart: %s
                            uartBaud: 9600
                        flasher: {command: [/bin/true, "{elf}"]}
                        """
                                .formatted(uart),
                        "rack.yaml");
        rack = new StaticRackBackend(
                config,
                () -> new ProbeDiscovery.Result(List.of(), List.of()),
                new ExternalFlasher(config.flasher(), TargetCatalog.builtin()));
        Clock clock = Clock.systemUTC();
        db = Database.open(dir.resolve("hive.db"), clock);
        alice = Holder.token(
                new ApiTokenRepository(db, clock)
                        .create("alice", "", Optional.empty())
                        .token()
                        .id(),
                "alice");
        leases = new Leases(
                CONFIG,
                new LeaseRepository(db),
                rack,
                new LeaseReservations(),
                lease -> true,
                LeaseHealthHook.NONE,
                clock);
        streams = new LeaseStreams(
                vertx,
                leases,
                rack,
                CONFIG.uartBufferBytes(),
                new GdbServers(vertx, () -> null, () -> null),
                new SerialGdbStreams(vertx, () -> null),
                new SerialUarts(vertx, () -> config));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> {
                    Lease lease = leases.openLease(Long.parseLong(req.getParam("lease")))
                            .orElseThrow();
                    req.toWebSocket().compose(ws -> streams.attach(lease, StreamKind.UART, true, ws));
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    /** The holder's UART WebSocket; {@code reading} whether it takes frames as they come (else on request). */
    private Frames open(Lease lease, boolean reading) throws Exception {
        Frames frames = new Frames(reading);
        frames.ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/?lease=" + lease.id()), frames)
                .get(10, TimeUnit.SECONDS);
        return frames;
    }

    /** The target's side: {@link #TOTAL} bytes of a printable pattern, counted as they are written. */
    private static void send(SerialDevice target, AtomicLong written, AtomicBoolean done) {
        byte[] chunk = new byte[4096];
        try {
            while (written.get() < TOTAL) {
                long at = written.get();
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = pattern(at + i);
                }
                target.write(chunk);
                written.addAndGet(chunk.length);
            }
            done.set(true);
        } catch (java.io.IOException e) {
            // the device was closed under a blocked write: the test has failed already
        }
    }

    private static byte pattern(long i) {
        return (byte) ('!' + i % 90);
    }

    private static String readLine(SerialDevice device) {
        StringBuilder got = new StringBuilder();
        byte[] buffer = new byte[64];
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!got.toString().endsWith("\n") && System.nanoTime() < deadline) {
            int n = device.read(buffer);
            assertThat(n).as("the device is open").isNotNegative();
            got.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        return got.toString();
    }

    /** What a client's WebSocket received (checked against the pattern as it comes), and how it closed. */
    private static final class Frames implements WebSocket.Listener {
        private final boolean reading;
        private long count;
        volatile WebSocket ws;
        final CompletableFuture<Long> received = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        Frames(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            while (data.hasRemaining()) {
                byte b = data.get();
                if (b != pattern(count)) {
                    received.completeExceptionally(
                            new AssertionError("byte " + count + " is " + b + ", not " + pattern(count)));
                }
                count++;
            }
            if (count == TOTAL) {
                received.complete(count);
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
        }
    }
}
