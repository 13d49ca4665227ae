package dev.hive.rack.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.backend.ProbeTakeover;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint a probe channel's client connects to: each client's bytes reach the upstream connection opened for
 * that client, never the one opened for the client that took the endpoint over after it.
 */
class SplicedEndpointTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<StringBuffer> upstreamConnections = new CopyOnWriteArrayList<>();
    private ServerSocketChannel upstreamServer;
    private SplicedEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        Path upstream = dir.resolve("upstream.sock");
        upstreamServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        upstreamServer.bind(UnixDomainSocketAddress.of(upstream));
        Thread acceptor = new Thread(this::recordUpstreamConnections, "fake-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        endpoint = new SplicedEndpoint(dir.resolve("probe.sock"), "splice-test");
        endpoint.attach(upstream);
    }

    @AfterEach
    void stop() throws IOException {
        endpoint.close();
        upstreamServer.close();
    }

    /**
     * A debugger's last byte (the ack of its detach's {@code OK}) still in the endpoint when the next debugger
     * connects must not reach the next debugger's stub connection: QEMU stops a running VM on any byte, so the
     * next session would see a stop it never asked for (the flaky RunControlTest of 2026-12-07).
     */
    @Test
    void aTakenOverClientsLastBytesNeverReachTheNextClientsUpstream() throws Exception {
        for (int round = 0; round < 20; round++) {
            int before = upstreamConnections.size();
            SocketChannel first = connect();
            await(() -> upstreamConnections.size() == before + 1, "the first client's upstream connection");
            SocketChannel second;
            // Hold the endpoint's lock so that the first client's pump has read its byte and waits for the lock
            // while the second client is being accepted; which of the two gets the lock first varies.
            synchronized (endpoint) {
                first.write(ByteBuffer.wrap("+".getBytes(StandardCharsets.ISO_8859_1)));
                first.close();
                await(() -> threadsBlocked("splice-test-client") == 1, "the first client's pump waits for the lock");
                second = SocketChannel.open(StandardProtocolFamily.UNIX);
                second.connect(UnixDomainSocketAddress.of(endpoint.path()));
                await(() -> threadsBlocked("splice-test-accept") == 1, "the acceptor waits for the lock");
            }
            await(() -> upstreamConnections.size() == before + 2, "the second client's upstream connection");
            second.write(ByteBuffer.wrap("$?#3f".getBytes(StandardCharsets.ISO_8859_1)));
            StringBuffer secondUpstream = upstreamConnections.get(before + 1);
            await(() -> secondUpstream.toString().contains("$?#3f"), "the second client's packet upstream");
            await(() -> liveThreads("splice-test-client") == 1, "the first client's pump ended");
            assertThat(secondUpstream.toString())
                    .as("what the second client's stub connection received, round " + round)
                    .isEqualTo("$?#3f");
            second.close();
            await(() -> liveThreads("splice-test-client") == 0, "the second client's pump ended");
        }
    }

    /**
     * A client in the monitor takes the probe over without a socket: it is given the upstream's path, the socket
     * client before it is hung up, and it is hung up in turn by the next socket client and the target's loss, and
     * cut off by a switch or a cut of the route; a hang-up after it gave the probe back reaches it no more.
     */
    @Test
    void aClientInTheMonitorTakesTheProbeOverAndIsHungUpAsASocketClientWouldBe() throws Exception {
        SocketChannel socketClient = connect();
        await(() -> upstreamConnections.size() == 1, "the socket client's upstream connection");
        AtomicInteger hangUps = new AtomicInteger();
        AtomicInteger cuts = new AtomicInteger();
        ProbeTakeover inMonitor = new ProbeTakeover() {
            @Override
            public void hangUp() {
                hangUps.incrementAndGet();
            }

            @Override
            public void cut() {
                cuts.incrementAndGet();
            }
        };

        assertThat(endpoint.takeOver(inMonitor)).contains(dir.resolve("upstream.sock"));
        assertThat(socketClient.read(ByteBuffer.allocate(16)))
                .as("the socket client was hung up")
                .isEqualTo(-1);

        SocketChannel next = connect();
        await(() -> hangUps.get() == 1, "the in-monitor client hung up by the next socket client");
        next.close();

        assertThat(endpoint.takeOver(inMonitor)).isPresent();
        endpoint.attach(dir.resolve("upstream.sock"));
        assertThat(cuts).as("cut off when the channel is switched").hasValue(1);

        assertThat(endpoint.takeOver(inMonitor)).isPresent();
        endpoint.hangUp();
        assertThat(hangUps).as("hung up when the target is lost").hasValue(2);

        assertThat(endpoint.takeOver(inMonitor)).isPresent();
        endpoint.release(inMonitor);
        endpoint.hangUp();
        assertThat(hangUps).as("given back: no more hang-ups").hasValue(2);

        assertThat(endpoint.takeOver(inMonitor)).isPresent();
        endpoint.detach();
        assertThat(cuts).as("cut off when the route is cut").hasValue(2);
        assertThat(hangUps).hasValue(2);
        assertThat(endpoint.takeOver(inMonitor))
                .as("nothing attached: nothing to take over")
                .isEmpty();
    }

    private SocketChannel connect() throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(endpoint.path()));
        return client;
    }

    private void recordUpstreamConnections() {
        while (upstreamServer.isOpen()) {
            try {
                SocketChannel c = upstreamServer.accept();
                StringBuffer received = new StringBuffer();
                upstreamConnections.add(received);
                Thread reader = new Thread(() -> record(c, received), "fake-stub-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void record(SocketChannel c, StringBuffer received) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        try (c) {
            while (c.read(buffer.clear()) >= 0) {
                buffer.flip();
                received.append(StandardCharsets.ISO_8859_1.decode(buffer));
            }
        } catch (IOException e) {
            // the endpoint closed this connection
        }
    }

    private static long threadsBlocked(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.getState() == Thread.State.BLOCKED)
                .count();
    }

    private static long liveThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
