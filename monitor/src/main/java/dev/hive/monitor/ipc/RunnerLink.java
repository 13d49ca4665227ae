package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.Cancel;
import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcProtocolException;
import dev.hive.protocol.ipc.IpcReader;
import dev.hive.protocol.ipc.IpcWriter;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.RunFinished;
import dev.hive.protocol.ipc.TargetLost;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackListener;
import dev.hive.rack.model.SlotAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.newsclub.net.unix.AFUNIXSocket;
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
 *
 * <p>The link holds the conversation and its end; its parts are {@link RunnerSocket} (the socket file and who
 * may connect), {@link RunnerGreeting} ({@code hello} and {@code welcome}), {@link RunnerMessageCheck} (what
 * the runner may say), {@link BusRequests} (its {@code connect}/{@code disconnect} on the bus) and {@link
 * RunnerOutbox} (what other threads send the runner).
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

    private final String runId;
    private final RunnerEvents events;
    private final Limits limits;
    private final long deadlineNanos;

    private final RunnerSocket socket;
    private final Thread acceptThread;
    private volatile Thread readerThread;
    private volatile AFUNIXSocket client;
    private volatile boolean welcomed;
    private volatile String cancelReason;

    private final RunnerOutbox outbox;
    private final BusRequests bus;
    private final RunnerMessageCheck check;
    private final RunnerGreeting greeting;

    private final DetachableListener rackListener = new DetachableListener(this);
    private final Object endLock = new Object();
    private boolean ended; // guarded by endLock
    private volatile boolean over;
    private final CompletableFuture<Optional<RunnerFailure>> done = new CompletableFuture<>();

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
        Path socketPath = runDir.resolve(SOCKET_FILE);
        this.runId = Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(isOurRunner, "isOurRunner");
        this.events = Objects.requireNonNull(events, "events");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.deadlineNanos = System.nanoTime() + limits.connectTimeout().toNanos();
        outbox = new RunnerOutbox(runId, this::isOver);
        bus = new BusRequests(runId, backend, rack, limits.maxPendingPerChannel(), this::isOver, outbox);
        check = new RunnerMessageCheck(rack, limits, bus::everConnected);
        greeting = new RunnerGreeting(runId, rack, options, limits.connectTimeout(), check);
        try {
            socket = RunnerSocket.bind(socketPath, runId, isOurRunner);
        } catch (IOException | RuntimeException e) {
            outbox.shutdown();
            bus.shutdown();
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
        return socket.path();
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
            outbox.sendLater(new Cancel(reason));
        }
    }

    /**
     * Ends the link (a {@link RunnerFailure.Kind#ABORTED} failure when the run had not ended) and waits for its
     * threads. Safe to call more than once and from the listener.
     */
    @Override
    public void close() {
        end(new RunnerFailure(RunnerFailure.Kind.ABORTED, "the monitor closed the link before the run ended"), null);
        LinkThreads.join(acceptThread);
        Thread reader = readerThread;
        if (reader != null) {
            LinkThreads.join(reader);
        }
    }

    // ---- accepting

    private void acceptLoop() {
        while (!over) {
            RunnerSocket.Peer peer;
            try {
                Optional<RunnerSocket.Peer> accepted = socket.accept();
                if (accepted.isEmpty()) {
                    continue;
                }
                peer = accepted.get();
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
                    end(failure(RunnerFailure.Kind.INTERNAL, "accepting on " + socket.path() + " failed: " + e), null);
                }
                return;
            }
            if (client != null) {
                RunnerSocket.closeQuietly(peer.socket());
                end(
                        failure(
                                RunnerFailure.Kind.SECOND_CONNECTION,
                                "the runner (pid %d) connected a second time".formatted(peer.pid())),
                        null);
                return;
            }
            client = peer.socket();
            if (over) {
                RunnerSocket.closeQuietly(peer.socket());
                return;
            }
            LOG.debug("run {}: runner pid {} connected", runId, peer.pid());
            Thread reader = new Thread(() -> serve(peer.socket()), "hive-ipc-reader-" + runId);
            reader.setDaemon(true);
            readerThread = reader;
            reader.start();
        }
    }

    // ---- the conversation

    private void serve(AFUNIXSocket connection) {
        try {
            var reader = new IpcReader(connection.getInputStream());
            var writer = new IpcWriter(connection.getOutputStream());
            outbox.attach(writer);
            long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            connection.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
            greeting.greet(reader, writer);
            welcomed = true;
            String reason = cancelReason;
            if (reason != null) {
                outbox.sendLater(new Cancel(reason));
            }
            connection.setSoTimeout(0);
            while (!over) {
                Optional<IpcMessage> next = reader.read();
                if (next.isEmpty()) {
                    throw new RunnerViolation(
                            RunnerFailure.Kind.CLOSED, "the runner closed the connection before runFinished");
                }
                check.count();
                if (!handle(next.get())) {
                    return;
                }
            }
        } catch (RunnerViolation v) {
            end(v.failure(), null);
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

    private boolean handle(IpcMessage message) throws RunnerViolation {
        if (message instanceof Connect connect) {
            check.checkChannel(connect.channel(), "connect");
            SlotAddress slot = check.checkSlot(connect.stack(), connect.slot(), "connect");
            bus.connect(connect.channel(), connect.requestId(), slot);
        } else if (message instanceof Disconnect disconnect) {
            check.checkChannel(disconnect.channel(), "disconnect");
            bus.disconnect(disconnect.channel(), disconnect.requestId());
        } else if (message instanceof TestStarted started) {
            check.checkCell(started.cell(), true, "testStarted");
            deliver(() -> events.testStarted(started));
        } else if (message instanceof TestFinished finished) {
            TestResult result = finished.result();
            check.checkResult(result);
            deliver(() -> events.testFinished(result));
        } else if (message instanceof Log log) {
            if (log.channel() != null) {
                check.checkChannel(log.channel(), "log");
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
            check.checkSummary(summary);
            end(null, summary);
            return false;
        } else {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    "the runner sent '%s', which only the monitor sends".formatted(message.type()));
        }
        return true;
    }

    private void targetLost(SlotAddress slot, String reason) {
        if (over || !welcomed || !bus.holds(slot)) {
            return;
        }
        outbox.sendLater(new TargetLost(slot.stack(), slot.slot(), reason == null ? "target lost" : reason));
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
        socket.close();
        AFUNIXSocket connection = client;
        if (connection != null) {
            RunnerSocket.closeQuietly(connection);
        }
        socket.delete();
        outbox.shutdownNow();
        bus.shutdown();
        outbox.await();
        bus.await();
        bus.disconnectAll();
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
}
