package dev.hive.runner.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.protocol.ipc.Cancel;
import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcReader;
import dev.hive.protocol.ipc.IpcWriter;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.TargetLost;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.protocol.run.RunOptions;
import dev.hive.runner.Racks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's link against an in-process monitor end speaking the real protocol. */
class MonitorLinkTest {

    @TempDir
    Path dir;

    ServerSocketChannel server;
    Path socket;
    final Events events = new Events();

    static final class Events implements MonitorLink.Listener {
        final List<IpcMessage> told = new CopyOnWriteArrayList<>();
        final CompletableFuture<LinkBrokenException> broken = new CompletableFuture<>();

        @Override
        public void targetLost(TargetLost lost) {
            told.add(lost);
        }

        @Override
        public void cancel(Cancel cancel) {
            told.add(cancel);
        }

        @Override
        public void broken(LinkBrokenException why) {
            broken.complete(why);
        }
    }

    @BeforeEach
    void listen() throws IOException {
        socket = dir.resolve("ipc.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Opens the link, accepts it and answers hello with a welcome. */
    private MonitorSide greeted(MonitorLink link) throws Exception {
        link.start(events);
        SocketChannel accepted = server.accept();
        var monitor = new MonitorSide(accepted);
        var answer = CompletableFuture.supplyAsync(() -> {
            try {
                return link.hello(Hello.of("run-1", "test"), Duration.ofSeconds(5));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(monitor.read()).isInstanceOf(Hello.class);
        monitor.send(Welcome.of(Racks.matrix(), new RunOptions(null, null, 1000, 60_000)));
        assertThat(answer.get(5, TimeUnit.SECONDS)).isInstanceOf(Welcome.class);
        return monitor;
    }

    static final class MonitorSide {
        final SocketChannel channel;
        final IpcReader reader;
        final IpcWriter writer;
        final OutputStream raw;

        MonitorSide(SocketChannel channel) {
            this.channel = channel;
            this.reader = new IpcReader(Channels.newInputStream(channel));
            this.raw = Channels.newOutputStream(channel);
            this.writer = new IpcWriter(raw);
        }

        IpcMessage read() throws IOException {
            return reader.read().orElseThrow(() -> new IOException("the runner closed the link"));
        }

        void send(IpcMessage message) throws IOException {
            writer.write(message);
        }
    }

    @Test
    void connectRequestsGetTheirOwnAnswersAndUnaskedMessagesReachTheListener() throws Exception {
        try (var link = MonitorLink.open(socket)) {
            MonitorSide monitor = greeted(link);
            var answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return link.connect(2, 1, 0);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Connect connect = (Connect) monitor.read();
            assertThat(connect.channel()).isEqualTo(2);
            monitor.send(new TargetLost(0, 1, "QEMU died"));
            monitor.send(Connected.failure(connect.requestId(), "stack busy"));
            assertThat(answer.get(5, TimeUnit.SECONDS).error()).isEqualTo("stack busy");
            monitor.send(new Cancel("user pressed Ctrl-C"));
            waitFor(() -> events.told.size() == 2);
            assertThat(events.told)
                    .containsExactly(new TargetLost(0, 1, "QEMU died"), new Cancel("user pressed Ctrl-C"));
            assertThat(events.broken).isNotDone();
        }
    }

    @Test
    void garbageBreaksTheLinkAtOnceAndTheMonitorHearsWhy() throws Exception {
        try (var link = MonitorLink.open(socket)) {
            MonitorSide monitor = greeted(link);
            long start = System.nanoTime();
            monitor.raw.write("this is not json\n".getBytes(StandardCharsets.UTF_8));
            LinkBrokenException why = events.broken.get(30, TimeUnit.SECONDS);
            assertThat(why.isProtocolError()).isTrue();
            assertThat(why.getMessage()).startsWith("protocol error from the monitor:");
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("broken at the garbage, not after the link's 60 s answer timeout")
                    .isLessThan(30_000);
            assertThat(monitor.read()).isInstanceOf(RunFailed.class);
            assertThatThrownBy(() -> link.connect(0, 0, 0)).isInstanceOf(LinkBrokenException.class);
        }
    }

    @Test
    void anOversizedLineBreaksTheLink() throws Exception {
        try (var link = MonitorLink.open(socket)) {
            MonitorSide monitor = greeted(link);
            byte[] huge = new byte[2 * 1024 * 1024];
            java.util.Arrays.fill(huge, (byte) 'x');
            CompletableFuture.runAsync(() -> {
                try {
                    monitor.raw.write(huge);
                } catch (IOException e) {
                    // the runner hung up in the middle, as it should
                }
            });
            assertThat(events.broken.get(2, TimeUnit.SECONDS).getMessage()).contains("line exceeds");
        }
    }

    @Test
    void aClosedSocketBreaksTheLinkAndFailsWaitingRequests() throws Exception {
        try (var link = MonitorLink.open(socket)) {
            MonitorSide monitor = greeted(link);
            var answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return link.connect(0, 0, 0);
                } catch (IOException e) {
                    return e;
                }
            });
            monitor.read();
            monitor.channel.close();
            assertThat(events.broken.get(1, TimeUnit.SECONDS).getMessage())
                    .isEqualTo("the monitor closed the connection");
            assertThat(answer.get(1, TimeUnit.SECONDS)).isInstanceOf(LinkBrokenException.class);
        }
    }

    @Test
    void aMessageOnlyARunnerSendsIsAProtocolError() throws Exception {
        try (var link = MonitorLink.open(socket)) {
            MonitorSide monitor = greeted(link);
            monitor.send(new Log(Log.Level.INFO, null, "hi"));
            assertThat(events.broken.get(1, TimeUnit.SECONDS).getMessage())
                    .isEqualTo("protocol error from the monitor: it sent a 'log' message, which only a runner sends");
        }
    }

    @Test
    void manyThreadsSendWhileTheReaderWaits() throws Exception {
        try (var link = MonitorLink.open(socket)) {
            MonitorSide monitor = greeted(link);
            var senders = new ArrayList<Thread>();
            for (int t = 0; t < 4; t++) {
                int channel = t;
                senders.add(new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        try {
                            link.send(new Log(Log.Level.DEBUG, channel, "line " + i));
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
            senders.forEach(Thread::start);
            int received = 0;
            while (received < 2000) {
                assertThat(monitor.read()).isInstanceOf(Log.class);
                received++;
            }
            for (Thread sender : senders) {
                sender.join(5_000);
            }
            assertThat(received).isEqualTo(2000);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
