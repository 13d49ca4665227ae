package dev.hive.runner.it;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcReader;
import dev.hive.protocol.ipc.IpcWriter;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.VirtualRackBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A monitor for tests: serves the IPC socket with the real protocol, starts the built runner JAR as the monitor
 * will ({@code java -jar runner.jar SOCKET RUN_ID}, a separate JVM), answers {@code connect}/{@code disconnect}
 * with a real {@link VirtualRackBackend}, and records everything the runner says. Hooks let a test misbehave
 * like a broken monitor, hold an answer, or kill a target under a running test. Public, and published in this
 * module's test-jar, so that a runner built elsewhere (a candidate's runner, the benchmarks) is driven the same way.
 */
public final class TestMonitor {

    public static final Path RUNNER_JAR =
            Path.of(System.getProperty("hive.runner.jar", "target/hive-runner-runner.jar"));

    /** What the test monitor does at the runner's hello; the default welcomes it. */
    interface HelloHandler {
        void onHello(Session session, Hello hello) throws IOException;
    }

    /** What the test monitor does at a test start, on the reader thread; keep it short. */
    interface StartHandler {
        void onTestStarted(Session session, TestStarted started) throws IOException;
    }

    /** What the test monitor does at a connect; the default switches the bus of the virtual rack. */
    interface ConnectHandler {
        void onConnect(Session session, Connect connect) throws IOException;
    }

    public RackDescription rack;
    public RunOptions options = new RunOptions(null, null, 10_000, 300_000);
    public VirtualRackBackend backend;
    /** The runner JAR to start; the one this module built unless set. */
    public Path runnerJar = RUNNER_JAR;

    /** Options for the runner's JVM, before {@code -jar} (none: as plain {@code java -jar}). */
    public List<String> jvmOptions = List.of();

    /**
     * The runner's fixed part (the template's {@code fixed} JAR): when set, the runner is started before its run, as
     * the monitor's pre-started runners are ({@code java OPTIONS -cp FIXED dev.hive.runner.prestart.PreStartedMain}),
     * and handed {@link #runnerJar} once it is ready; the record's times then count from that handover.
     */
    public Path preStartedFixedPart;

    /** A pre-started runner's CPU time (user + system) at its handover, in ms; -1 when not known or cold. */
    public volatile long handoverCpuMillis = -1;

    final Map<String, String> environment = new HashMap<>();
    HelloHandler onHello = (session, hello) -> session.send(Welcome.of(rack, options));
    StartHandler onTestStarted = (session, started) -> {};
    ConnectHandler onConnect = Session::switchBus;

    private final Path dir;

    public TestMonitor(Path dir) {
        this.dir = dir;
    }

    /** The conversation with one runner. */
    final class Session {
        private final SocketChannel channel;
        private final IpcWriter writer;
        private final OutputStream raw;
        final List<IpcMessage> received = new CopyOnWriteArrayList<>();
        final List<Long> receivedAt = new CopyOnWriteArrayList<>();
        final AtomicInteger finished = new AtomicInteger();
        volatile long firstStartAt;
        final ExecutorService bus = Executors.newCachedThreadPool(daemon("test-monitor-bus"));

        Session(SocketChannel channel) {
            this.channel = channel;
            this.raw = output(channel);
            this.writer = new IpcWriter(raw);
        }

        void send(IpcMessage message) throws IOException {
            writer.write(message);
        }

        /** Writes raw bytes, bypassing the codec: garbage, oversized lines. */
        void sendRaw(byte[] bytes) throws IOException {
            synchronized (raw) {
                raw.write(bytes);
                raw.flush();
            }
        }

        void sendRaw(String text) throws IOException {
            sendRaw(text.getBytes(StandardCharsets.UTF_8));
        }

        void close() throws IOException {
            channel.close();
        }

        /** Switches the virtual rack's bus as the monitor would, answering on a bus thread. */
        void switchBus(Connect connect) {
            bus.execute(() -> answer(
                    connect.requestId(),
                    () -> backend.connect(connect.channel(), new SlotAddress(connect.stack(), connect.slot()))));
        }

        private void disconnect(Disconnect disconnect) {
            bus.execute(() -> answer(disconnect.requestId(), () -> backend.disconnect(disconnect.channel())));
        }

        private void answer(long requestId, Runnable action) {
            Connected answer;
            try {
                action.run();
                answer = Connected.success(requestId);
            } catch (RuntimeException e) {
                answer = Connected.failure(requestId, e.getMessage());
            }
            try {
                send(answer);
            } catch (IOException e) {
                // the runner is gone; the test sees it in the record
            }
        }

        private void serve() {
            var reader = new IpcReader(input(channel));
            try {
                while (true) {
                    var next = reader.read();
                    if (next.isEmpty()) {
                        return;
                    }
                    IpcMessage message = next.get();
                    receivedAt.add(System.nanoTime());
                    received.add(message);
                    if (message instanceof Hello hello) {
                        onHello.onHello(this, hello);
                    } else if (message instanceof Connect connect) {
                        onConnect.onConnect(this, connect);
                    } else if (message instanceof Disconnect disconnect) {
                        disconnect(disconnect);
                    } else if (message instanceof TestStarted started) {
                        if (firstStartAt == 0) {
                            firstStartAt = System.nanoTime();
                        }
                        onTestStarted.onTestStarted(this, started);
                    } else if (message instanceof TestFinished) {
                        finished.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // the runner closed the link, or we did
            }
        }
    }

    /** Starts the runner, serves it until it exits, and returns what happened. */
    public RunRecord run(Duration limit) throws Exception {
        Path socket = dir.resolve("ipc.sock");
        Files.deleteIfExists(socket);
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            var command = new ArrayList<String>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            String runId = "run-" + System.nanoTime();
            if (preStartedFixedPart == null) {
                command.addAll(List.of("-jar", runnerJar.toString(), socket.toString(), runId));
            } else {
                command.addAll(
                        List.of("-cp", preStartedFixedPart.toString(), "dev.hive.runner.prestart.PreStartedMain"));
            }
            var builder = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            builder.environment().putAll(environment);
            if (preStartedFixedPart != null) {
                builder.directory(dir.toFile()); // where it writes its ready file
            }
            long startedAt = System.nanoTime();
            Process runner = builder.start();
            if (preStartedFixedPart != null) {
                awaitReady(runner, limit);
                handoverCpuMillis = runner.toHandle()
                        .info()
                        .totalCpuDuration()
                        .map(Duration::toMillis)
                        .orElse(-1L);
                startedAt = System.nanoTime();
                try (var in = runner.getOutputStream()) {
                    in.write((runnerJar.toAbsolutePath() + "\t" + socket.toAbsolutePath() + "\t" + runId + "\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            var exitedAt = new CompletableFuture<Long>();
            runner.onExit().thenRun(() -> exitedAt.complete(System.nanoTime()));
            Session session = null;
            Thread reader = null;
            try {
                var accepted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return server.accept();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                CompletableFuture.anyOf(accepted, runner.onExit()).get(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (accepted.isDone()) {
                    session = new Session(accepted.get());
                    Session serving = session;
                    reader = new Thread(serving::serve, "test-monitor-reader");
                    reader.setDaemon(true);
                    reader.start();
                }
                if (!runner.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the runner did not end within " + limit + "; stderr: "
                            + Files.readString(dir.resolve("stderr.txt")));
                }
            } finally {
                runner.destroyForcibly();
                if (session != null) {
                    session.bus.shutdownNow();
                }
            }
            if (session != null) {
                // the runner has exited: the reader takes its last lines and meets the end of the stream
                reader.join(5_000);
                session.close();
            }
            return new RunRecord(
                    session == null ? List.of() : new ArrayList<>(session.received),
                    session == null ? List.of() : new ArrayList<>(session.receivedAt),
                    startedAt,
                    runner.exitValue(),
                    Files.readString(dir.resolve("stderr.txt")),
                    Files.readString(dir.resolve("stdout.txt")),
                    exitedAt.get(),
                    session == null || session.firstStartAt == 0 ? -1 : (session.firstStartAt - startedAt) / 1_000_000);
        }
    }

    /** Waits for a pre-started runner's ready file (polled: the runner writes nothing else before its run). */
    private void awaitReady(Process runner, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Path ready = dir.resolve("pre-started.ready");
        while (!Files.exists(ready)) {
            if (!runner.isAlive() || System.nanoTime() > deadline) {
                runner.destroyForcibly();
                throw new AssertionError("the pre-started runner did not get ready; stderr: "
                        + Files.readString(dir.resolve("stderr.txt")));
            }
            Thread.sleep(5);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Streams over the socket that do not share the channel's blocking lock (unlike {@code Channels}). */
    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return length == 0 ? 0 : channel.read(ByteBuffer.wrap(buffer, offset, length));
            }
        };
    }

    static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        };
    }
}
