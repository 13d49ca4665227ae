package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.Cancel;
import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcLimits;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcProtocolException;
import dev.hive.protocol.ipc.IpcReader;
import dev.hive.protocol.ipc.IpcWriter;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.Refused;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.RunFinished;
import dev.hive.protocol.ipc.TargetLost;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackListener;
import dev.hive.rack.backend.StackBusyException;
import dev.hive.rack.model.SlotAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's end of one run's IPC (docs/ipc.md): serves a Unix domain socket in the run's directory, accepts
 * the runner the monitor started (checked by the peer's pid), answers its {@code hello} with the rack and the
 * run options, switches the rack's bus on its {@code connect}/{@code disconnect}, and passes its results to
 * {@link RunnerEvents}. The runner is untrusted: every message is bounded and validated, and anything wrong
 * ends the link with a {@link RunnerFailure} given to the listener, never an exception escaping.
 *
 * <p>When the link ends (run finished, runner failed, or {@link #close()}), it closes the socket, deletes the
 * socket file and disconnects every channel the run connected, then calls the listener. {@link #close()}
 * also waits for every thread the link started.
 */
public final class RunnerLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerLink.class);

    /** The name of the socket file in the run's directory. */
    public static final String SOCKET_FILE = "ipc.sock";

    /**
     * The bounds a runner must keep.
     *
     * @param maxMessages the most messages a run may send
     * @param maxMessagesPerSecond the most messages in any one second
     * @param connectTimeout how long the runner has to connect and say {@code hello}
     * @param maxPendingPerChannel the most unanswered {@code connect}/{@code disconnect} requests per channel
     */
    public record Limits(
            long maxMessages, int maxMessagesPerSecond, Duration connectTimeout, int maxPendingPerChannel) {

        public Limits {
            if (maxMessages <= 0 || maxMessagesPerSecond <= 0 || maxPendingPerChannel <= 0) {
                throw new IllegalArgumentException("limits must be > 0");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be > 0");
            }
        }

        /** 200,000 messages, 20,000 a second, 30 s to connect, 16 pending requests per channel. */
        public static Limits defaults() {
            return new Limits(200_000, 20_000, Duration.ofSeconds(30), 16);
        }
    }

    private final Path socketPath;
    private final String runId;
    private final RackBackend backend;
    private final RackDescription rack;
    private final RunOptions options;
    private final LongPredicate isOurRunner;
    private final RunnerEvents events;
    private final Limits limits;
    private final long deadlineNanos;

    private final AFUNIXServerSocket server;
    private final Thread acceptThread;
    private volatile Thread readerThread;
    private volatile AFUNIXSocket client;
    private volatile IpcWriter writer;
    private volatile boolean welcomed;
    private volatile String cancelReason;

    private final List<ExecutorService> bus = new ArrayList<>();
    private final List<AtomicInteger> pending = new ArrayList<>();
    private final ExecutorService sender;
    private final Map<Integer, SlotAddress> connected = new ConcurrentHashMap<>();
    private final Set<List<Integer>> everConnected = ConcurrentHashMap.newKeySet();

    private final DetachableListener rackListener = new DetachableListener(this);
    private final Object endLock = new Object();
    private boolean ended; // guarded by endLock
    private volatile boolean over;
    private final CompletableFuture<Optional<RunnerFailure>> done = new CompletableFuture<>();

    private final long[] tally = new long[4]; // passed, failed, skipped, errors
    private long messages;
    private long windowStart;
    private int windowCount;

    private RunnerLink(
            Path runDir,
            String runId,
            RackBackend backend,
            RackDescription rack,
            RunOptions options,
            LongPredicate isOurRunner,
            RunnerEvents events,
            Limits limits)
            throws IOException {
        this.socketPath = runDir.resolve(SOCKET_FILE);
        this.runId = Objects.requireNonNull(runId, "runId");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.rack = Objects.requireNonNull(rack, "rack");
        this.options = Objects.requireNonNull(options, "options");
        this.isOurRunner = Objects.requireNonNull(isOurRunner, "isOurRunner");
        this.events = Objects.requireNonNull(events, "events");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.deadlineNanos = System.nanoTime() + limits.connectTimeout().toNanos();
        for (ChannelDescription channel : rack.channels()) {
            bus.add(Executors.newSingleThreadExecutor(daemon("hive-ipc-bus-" + runId + "-" + channel.index())));
            pending.add(new AtomicInteger());
        }
        sender = Executors.newSingleThreadExecutor(daemon("hive-ipc-send-" + runId));
        Files.deleteIfExists(socketPath);
        server = AFUNIXServerSocket.newInstance();
        try {
            server.bind(AFUNIXSocketAddress.of(socketPath));
            try {
                Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the run directory's permissions still apply
            }
            server.setSoTimeout(200);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socketPath);
            sender.shutdown();
            bus.forEach(ExecutorService::shutdown);
            throw e;
        }
        backend.addListener(rackListener);
        acceptThread = new Thread(this::acceptLoop, "hive-ipc-accept-" + runId);
        acceptThread.setDaemon(true);
    }

    /**
     * Serves a run's runner at {@code <runDir>/ipc.sock}; start the runner after this returns.
     *
     * @param runDir the run's directory (it must exist)
     * @param runId the run's id; the runner's {@code hello} must carry it
     * @param backend the rack the run uses; its bus is switched on the runner's requests
     * @param rack the rack as {@code welcome} describes it (see {@link RackDescriptions}); requests and results
     *     are checked against it
     * @param options the run's options for {@code welcome}
     * @param isOurRunner whether a peer's pid is the runner process the caller started (or a descendant); a
     *     peer it rejects, or whose pid is unknown ({@code -1}), is refused and logged
     * @param events where the runner's reports go
     * @param limits the bounds the runner must keep
     * @throws IOException when the socket cannot be bound
     */
    public static RunnerLink open(
            Path runDir,
            String runId,
            RackBackend backend,
            RackDescription rack,
            RunOptions options,
            LongPredicate isOurRunner,
            RunnerEvents events,
            Limits limits)
            throws IOException {
        var link = new RunnerLink(runDir, runId, backend, rack, options, isOurRunner, events, limits);
        link.acceptThread.start();
        return link;
    }

    /** The socket the runner connects to; pass it on the runner's command line. */
    public Path socketPath() {
        return socketPath;
    }

    /**
     * Completes when the link has ended and released the rack: empty after {@code runFinished}, otherwise
     * with the failure. It never completes exceptionally.
     */
    public CompletableFuture<Optional<RunnerFailure>> done() {
        return done;
    }

    /** Whether a runner has connected (accepted and checked as ours) at any time. */
    public boolean peerConnected() {
        return client != null;
    }

    /** Whether the link has ended. */
    public boolean isOver() {
        return over;
    }

    /** Asks the runner to stop ({@code cancel}); it still reports the tests it ran and {@code runFinished}. */
    public void cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (cancelReason != null || over) {
            return;
        }
        cancelReason = reason;
        if (welcomed) {
            sendLater(new Cancel(reason));
        }
    }

    /**
     * Ends the link (a {@link RunnerFailure.Kind#ABORTED} failure when the run had not ended) and waits for its
     * threads. Safe to call more than once and from the listener.
     */
    @Override
    public void close() {
        end(new RunnerFailure(RunnerFailure.Kind.ABORTED, "the monitor closed the link before the run ended"), null);
        join(acceptThread);
        Thread reader = readerThread;
        if (reader != null) {
            join(reader);
        }
    }

    // ---- accepting

    private void acceptLoop() {
        while (!over) {
            AFUNIXSocket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException e) {
                if (client == null && System.nanoTime() - deadlineNanos > 0) {
                    end(
                            failure(
                                    RunnerFailure.Kind.NO_RUNNER,
                                    "the runner did not connect within %d ms"
                                            .formatted(limits.connectTimeout().toMillis())),
                            null);
                }
                continue;
            } catch (IOException e) {
                if (!over) {
                    end(failure(RunnerFailure.Kind.INTERNAL, "accepting on " + socketPath + " failed: " + e), null);
                }
                return;
            }
            long pid = peerPid(socket);
            if (pid <= 0 || !isOurRunner.test(pid)) {
                LOG.warn(
                        "run {}: refused a connection to {} from pid {}, which is not the run's runner",
                        runId,
                        socketPath,
                        pid);
                refuse(socket, "this socket serves another process");
                continue;
            }
            if (client != null) {
                closeQuietly(socket);
                end(
                        failure(
                                RunnerFailure.Kind.SECOND_CONNECTION,
                                "the runner (pid %d) connected a second time".formatted(pid)),
                        null);
                return;
            }
            client = socket;
            if (over) {
                closeQuietly(socket);
                return;
            }
            LOG.debug("run {}: runner pid {} connected", runId, pid);
            Thread reader = new Thread(() -> serve(socket), "hive-ipc-reader-" + runId);
            reader.setDaemon(true);
            readerThread = reader;
            reader.start();
        }
    }

    private static long peerPid(AFUNIXSocket socket) {
        try {
            AFUNIXSocketCredentials credentials = socket.getPeerCredentials();
            return credentials == null ? -1 : credentials.getPid();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void refuse(AFUNIXSocket socket, String reason) {
        try {
            socket.setSoTimeout(200);
            new IpcWriter(socket.getOutputStream()).write(Refused.of(reason));
        } catch (IOException | RuntimeException e) {
            // the peer is not ours; whether it hears why does not matter
        } finally {
            closeQuietly(socket);
        }
    }

    // ---- the conversation

    private void serve(AFUNIXSocket socket) {
        try {
            var reader = new IpcReader(socket.getInputStream());
            writer = new IpcWriter(socket.getOutputStream());
            long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
            Optional<IpcMessage> first;
            try {
                first = reader.read();
            } catch (SocketTimeoutException e) {
                throw new Violation(
                        RunnerFailure.Kind.NO_RUNNER,
                        "the runner did not say hello within %d ms"
                                .formatted(limits.connectTimeout().toMillis()));
            }
            if (first.isEmpty()) {
                throw new Violation(RunnerFailure.Kind.CLOSED, "the runner closed the connection before hello");
            }
            count();
            if (!(first.get() instanceof Hello hello)) {
                throw new Violation(
                        RunnerFailure.Kind.PROTOCOL,
                        "the runner's first message is '%s', not 'hello'"
                                .formatted(first.get().type()));
            }
            if (!welcome(hello)) {
                return;
            }
            socket.setSoTimeout(0);
            while (!over) {
                Optional<IpcMessage> next = reader.read();
                if (next.isEmpty()) {
                    throw new Violation(
                            RunnerFailure.Kind.CLOSED, "the runner closed the connection before runFinished");
                }
                count();
                if (!handle(next.get())) {
                    return;
                }
            }
        } catch (Violation v) {
            end(failure(v.kind, v.getMessage()), null);
        } catch (IpcProtocolException e) {
            end(failure(RunnerFailure.Kind.PROTOCOL, "the runner sent an invalid line: " + e.getMessage()), null);
        } catch (IOException e) {
            if (!over) {
                end(failure(RunnerFailure.Kind.CLOSED, "the connection to the runner failed: " + e), null);
            }
        } catch (RuntimeException e) {
            LOG.error("run {}: the IPC link failed", runId, e);
            end(failure(RunnerFailure.Kind.INTERNAL, "the IPC link failed: " + e), null);
        }
    }

    private boolean welcome(Hello hello) throws IOException {
        String refusal = null;
        if (hello.protocolVersion() != IpcLimits.PROTOCOL_VERSION) {
            refusal = "protocol version %d is not supported; this monitor speaks %d"
                    .formatted(hello.protocolVersion(), IpcLimits.PROTOCOL_VERSION);
        } else if (!runId.equals(hello.runId())) {
            refusal = "this socket serves run %s, not %s".formatted(runId, hello.runId());
        }
        if (refusal != null) {
            try {
                writer.write(Refused.of(refusal));
            } catch (IOException e) {
                // the runner is gone already
            }
            end(failure(RunnerFailure.Kind.REFUSED, "refused the runner: " + refusal), null);
            return false;
        }
        LOG.debug("run {}: runner {} says hello", runId, hello.runnerVersion());
        writer.write(Welcome.of(rack, options));
        welcomed = true;
        String reason = cancelReason;
        if (reason != null) {
            sendLater(new Cancel(reason));
        }
        return true;
    }

    private boolean handle(IpcMessage message) throws Violation {
        if (message instanceof Connect connect) {
            checkChannel(connect.channel(), "connect");
            SlotAddress slot = checkSlot(connect.stack(), connect.slot(), "connect");
            request(connect.channel(), connect.requestId(), () -> {
                try {
                    backend.connect(connect.channel(), slot);
                } finally {
                    syncConnection(connect.channel());
                }
            });
        } else if (message instanceof Disconnect disconnect) {
            checkChannel(disconnect.channel(), "disconnect");
            request(disconnect.channel(), disconnect.requestId(), () -> {
                try {
                    backend.disconnect(disconnect.channel());
                } finally {
                    syncConnection(disconnect.channel());
                }
            });
        } else if (message instanceof TestStarted started) {
            checkCell(started.cell(), true, "testStarted");
            deliver(() -> events.testStarted(started));
        } else if (message instanceof TestFinished finished) {
            TestResult result = finished.result();
            boolean ran = result.status() == TestStatus.PASSED || result.status() == TestStatus.FAILED;
            checkCell(result.cell(), ran, "testFinished");
            tally[
                    switch (result.status()) {
                        case PASSED -> 0;
                        case FAILED -> 1;
                        case SKIPPED -> 2;
                        case ERROR -> 3;
                    }]++;
            deliver(() -> events.testFinished(result));
        } else if (message instanceof Log log) {
            if (log.channel() != null) {
                checkChannel(log.channel(), "log");
            }
            deliver(() -> events.log(log));
        } else if (message instanceof RunFailed failed) {
            deliver(() -> events.runFailed(failed));
            end(
                    failure(
                            RunnerFailure.Kind.RUNNER_FAILED,
                            "the runner failed (%s): %s".formatted(failed.kind(), failed.message())),
                    null);
            return false;
        } else if (message instanceof RunFinished finished) {
            Summary summary = finished.summary();
            if (summary.passed() != tally[0]
                    || summary.failed() != tally[1]
                    || summary.skipped() != tally[2]
                    || summary.errors() != tally[3]) {
                throw new Violation(
                        RunnerFailure.Kind.PROTOCOL,
                        ("runFinished counts %d passed, %d failed, %d skipped, %d errors, but the runner reported"
                                        + " %d, %d, %d, %d")
                                .formatted(
                                        summary.passed(),
                                        summary.failed(),
                                        summary.skipped(),
                                        summary.errors(),
                                        tally[0],
                                        tally[1],
                                        tally[2],
                                        tally[3]));
            }
            end(null, summary);
            return false;
        } else {
            throw new Violation(
                    RunnerFailure.Kind.PROTOCOL,
                    "the runner sent '%s', which only the monitor sends".formatted(message.type()));
        }
        return true;
    }

    private void count() throws Violation {
        messages++;
        if (messages > limits.maxMessages()) {
            throw new Violation(
                    RunnerFailure.Kind.LIMIT, "the runner sent more than %d messages".formatted(limits.maxMessages()));
        }
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            windowCount = 0;
        }
        if (++windowCount > limits.maxMessagesPerSecond()) {
            throw new Violation(
                    RunnerFailure.Kind.LIMIT,
                    "the runner sent more than %d messages in a second".formatted(limits.maxMessagesPerSecond()));
        }
    }

    private void checkChannel(int channel, String type) throws Violation {
        if (channel < 0 || channel >= rack.channels().size()) {
            throw new Violation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names channel %d; the rack has channels 0..%d"
                            .formatted(type, channel, rack.channels().size() - 1));
        }
    }

    private SlotAddress checkSlot(int stack, int slot, String type) throws Violation {
        target(stack, slot, type);
        return new SlotAddress(stack, slot);
    }

    private TargetDescription target(int stack, int slot, String type) throws Violation {
        if (stack < 0 || stack >= rack.stacks().size()) {
            throw new Violation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names stack %d; the rack has stacks 0..%d"
                            .formatted(type, stack, rack.stacks().size() - 1));
        }
        StackDescription description = rack.stacks().get(stack);
        for (SlotDescription candidate : description.slots()) {
            if (candidate.slot() == slot) {
                if (candidate.target() == null) {
                    break;
                }
                return candidate.target();
            }
        }
        throw new Violation(
                RunnerFailure.Kind.PROTOCOL,
                "'%s' names slot %d of stack %d, which holds no target".formatted(type, slot, stack));
    }

    private void checkCell(Cell cell, boolean mustHaveConnected, String type) throws Violation {
        checkChannel(cell.channel(), type);
        TargetDescription target = target(cell.stack(), cell.slot(), type);
        ChannelDescription channel = rack.channels().get(cell.channel());
        if (channel.probe() == null
                || !channel.probe().identifier().equals(cell.probe())
                || !channel.probe().serial().equals(cell.probeSerial())) {
            throw new Violation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names probe %s (%s) on channel %d, which the rack does not have there"
                            .formatted(type, cell.probe(), cell.probeSerial(), cell.channel()));
        }
        if (!target.name().equals(cell.target())) {
            throw new Violation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names target %s in stack %d slot %d, which holds %s"
                            .formatted(type, cell.target(), cell.stack(), cell.slot(), target.name()));
        }
        if (mustHaveConnected && !everConnected.contains(List.of(cell.channel(), cell.stack(), cell.slot()))) {
            throw new Violation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' reports a test that ran on channel %d, stack %d, slot %d, which the runner never connected"
                            .formatted(type, cell.channel(), cell.stack(), cell.slot()));
        }
    }

    // ---- the bus

    private interface BusAction {
        void run();
    }

    private void request(int channel, long requestId, BusAction action) throws Violation {
        AtomicInteger waiting = pending.get(channel);
        if (waiting.incrementAndGet() > limits.maxPendingPerChannel()) {
            throw new Violation(
                    RunnerFailure.Kind.LIMIT,
                    "the runner has more than %d unanswered requests on channel %d"
                            .formatted(limits.maxPendingPerChannel(), channel));
        }
        try {
            bus.get(channel).execute(() -> {
                try {
                    if (over) {
                        return;
                    }
                    Connected answer;
                    try {
                        action.run();
                        answer = Connected.success(requestId);
                    } catch (StackBusyException e) {
                        answer = Connected.failure(requestId, e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warn("run {}: bus request {} on channel {} failed", runId, requestId, channel, e);
                        answer = Connected.failure(requestId, e.getMessage() != null ? e.getMessage() : e.toString());
                    }
                    send(answer);
                } finally {
                    waiting.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet(); // the link is ending
        }
    }

    private void syncConnection(int channel) {
        Optional<SlotAddress> now = backend.connection(channel);
        if (now.isPresent()) {
            connected.put(channel, now.get());
            everConnected.add(List.of(channel, now.get().stack(), now.get().slot()));
        } else {
            connected.remove(channel);
        }
    }

    private void targetLost(SlotAddress slot, String reason) {
        if (over || !welcomed || !connected.containsValue(slot)) {
            return;
        }
        sendLater(new TargetLost(slot.stack(), slot.slot(), reason == null ? "target lost" : reason));
    }

    private void sendLater(IpcMessage message) {
        try {
            sender.execute(() -> {
                if (!over) {
                    send(message);
                }
            });
        } catch (RejectedExecutionException e) {
            // the link has ended
        }
    }

    private void send(IpcMessage message) {
        IpcWriter out = writer;
        if (out == null) {
            return;
        }
        try {
            out.write(message);
        } catch (IOException e) {
            LOG.debug("run {}: could not send '{}' to the runner: {}", runId, message.type(), e.toString());
        }
    }

    // ---- ending

    private void deliver(Runnable event) {
        synchronized (endLock) {
            if (!ended) {
                event.run();
            }
        }
    }

    private static RunnerFailure failure(RunnerFailure.Kind kind, String reason) {
        return new RunnerFailure(kind, reason);
    }

    /** Ends the link once: releases the socket and the rack, then tells the listener. */
    private void end(RunnerFailure failure, Summary summary) {
        synchronized (endLock) {
            if (ended) {
                return;
            }
            ended = true;
            over = true;
        }
        if (failure != null && failure.kind() != RunnerFailure.Kind.ABORTED) {
            LOG.warn("run {}: the runner failed: {}", runId, failure);
        }
        rackListener.detach();
        closeQuietly(server);
        AFUNIXSocket socket = client;
        if (socket != null) {
            closeQuietly(socket);
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.warn("run {}: could not delete {}: {}", runId, socketPath, e.toString());
        }
        sender.shutdownNow();
        bus.forEach(ExecutorService::shutdown);
        awaitQuietly(sender);
        bus.forEach(RunnerLink::awaitQuietly);
        for (Integer channel : new ArrayList<>(connected.keySet())) {
            try {
                backend.disconnect(channel);
            } catch (RuntimeException e) {
                LOG.warn("run {}: could not disconnect channel {}: {}", runId, channel, e.toString());
            }
            connected.remove(channel);
        }
        try {
            if (failure != null) {
                events.failed(failure);
            } else {
                events.runFinished(summary);
            }
        } catch (RuntimeException e) {
            LOG.error("run {}: the run's listener failed", runId, e);
        } finally {
            done.complete(Optional.ofNullable(failure));
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The rack listener of a link. A backend cannot remove listeners, so the link detaches itself when it ends
     * and the backend keeps only this empty shell.
     */
    private static final class DetachableListener implements RackListener {
        private volatile RunnerLink link;

        DetachableListener(RunnerLink link) {
            this.link = link;
        }

        @Override
        public void targetLost(SlotAddress slot, String reason) {
            RunnerLink current = link;
            if (current != null) {
                current.targetLost(slot, reason);
            }
        }

        void detach() {
            link = null;
        }
    }

    private static final class Violation extends Exception {
        private final RunnerFailure.Kind kind;

        Violation(RunnerFailure.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }
}
