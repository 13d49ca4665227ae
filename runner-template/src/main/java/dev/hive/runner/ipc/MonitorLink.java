package dev.hive.runner.ipc;

import dev.hive.protocol.ipc.Cancel;
import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcCodec;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcProtocolException;
import dev.hive.protocol.ipc.IpcReader;
import dev.hive.protocol.ipc.IpcWriter;
import dev.hive.protocol.ipc.Refused;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.TargetLost;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.runner.trace.StartTrace;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runner's side of the IPC conversation with the monitor, over the JDK's Unix domain sockets. One daemon
 * thread reads: it answers pending {@code connect}/{@code disconnect} requests and hands {@code targetLost}
 * and {@code cancel} to the {@link Listener}. Any thread may send; each message is written whole and at once
 * ({@link IpcWriter}), so results stream without a queue. When the monitor closes the socket, sends something
 * that is not a valid message for a runner, or a line over the limit, the link is broken: every waiting request
 * fails and the listener hears why.
 */
public final class MonitorLink implements AutoCloseable {

    /** How long {@code connect} and {@code disconnect} may wait for the monitor's answer. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    /** How long telling the monitor about its protocol error may take before the runner exits anyway. */
    static final Duration LAST_WORD_TIMEOUT = Duration.ofMillis(200);

    /** What the monitor tells the runner unasked. Called on the reader thread; keep it short. */
    public interface Listener {
        void targetLost(TargetLost lost);

        void cancel(Cancel cancel);

        /** The link broke (not called when the runner closed it itself). */
        void broken(LinkBrokenException why);
    }

    private final SocketChannel socket;
    private final IpcWriter writer;
    private final IpcReader reader;
    private final CompletableFuture<IpcMessage> greeting = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Connected>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile LinkBrokenException broken;
    private volatile boolean closing;
    private Listener listener;

    private MonitorLink(SocketChannel socket) {
        this.socket = socket;
        var codec = IpcCodec.shared(); // in a pre-started runner, warmed before the run
        this.writer = new IpcWriter(SocketStreams.output(socket), codec);
        this.reader = new IpcReader(SocketStreams.input(socket), codec);
    }

    /**
     * Connects to the monitor's socket.
     *
     * @throws IOException when nothing listens there
     */
    public static MonitorLink open(Path socketPath) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            socket.connect(UnixDomainSocketAddress.of(socketPath));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new MonitorLink(socket);
    }

    /** Starts the reader thread; {@code listener} hears what the monitor says unasked. */
    public void start(Listener listener) {
        this.listener = listener;
        Thread thread = new Thread(this::readLoop, "hive-ipc-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Says hello and waits for the monitor's answer.
     *
     * @return the {@link Welcome} or {@link Refused}
     * @throws LinkBrokenException when the link breaks or no answer comes within {@code timeout}
     */
    public IpcMessage hello(Hello hello, Duration timeout) throws IOException {
        send(hello);
        StartTrace.mark(StartTrace.Step.HELLO_SENT);
        return await(greeting, timeout, "hello");
    }

    /** Asks the monitor to connect {@code channel} to a target and waits for its answer. */
    public Connected connect(int channel, int stack, int slot) throws IOException {
        long id = requestIds.incrementAndGet();
        return request(id, new Connect(id, channel, stack, slot));
    }

    /** Asks the monitor to disconnect {@code channel} and waits for its answer. */
    public Connected disconnect(int channel) throws IOException {
        long id = requestIds.incrementAndGet();
        return request(id, new Disconnect(id, channel));
    }

    /** Sends one message now. Safe from any thread. */
    public void send(IpcMessage message) throws IOException {
        LinkBrokenException why = broken;
        if (why != null) {
            throw why;
        }
        writer.write(message);
    }

    /** Why the link broke, if it did. */
    public Optional<LinkBrokenException> brokenBecause() {
        return Optional.ofNullable(broken);
    }

    private Connected request(long id, IpcMessage message) throws IOException {
        var answer = new CompletableFuture<Connected>();
        pending.put(id, answer);
        try {
            if (broken != null) {
                throw broken;
            }
            send(message);
            return await(answer, ANSWER_TIMEOUT, message.type());
        } finally {
            pending.remove(id);
        }
    }

    private <T> T await(CompletableFuture<T> answer, Duration timeout, String what) throws IOException {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LinkBrokenException link) {
                throw link;
            }
            throw new LinkBrokenException("waiting for the answer to " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw breakLink(new LinkBrokenException(
                    "the monitor did not answer " + what + " within " + timeout.toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkBrokenException("interrupted while waiting for the answer to " + what, e);
        }
    }

    private void readLoop() {
        try {
            while (true) {
                Optional<IpcMessage> next = reader.read();
                if (next.isEmpty()) {
                    breakLink(new LinkBrokenException("the monitor closed the connection"));
                    return;
                }
                dispatch(next.get());
            }
        } catch (LinkBrokenException e) {
            breakLink(e);
        } catch (IpcProtocolException e) {
            breakLink(LinkBrokenException.protocol(e.getMessage(), e));
        } catch (IOException e) {
            breakLink(new LinkBrokenException("the connection to the monitor failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            breakLink(LinkBrokenException.protocol("cannot handle the monitor's message: " + e, e));
        }
    }

    private void dispatch(IpcMessage message) throws LinkBrokenException {
        if (message instanceof Welcome || message instanceof Refused) {
            if (!greeting.complete(message)) {
                throw LinkBrokenException.protocol("a second '" + message.type() + "'", null);
            }
        } else if (message instanceof Connected connected) {
            CompletableFuture<Connected> answer = pending.get(connected.requestId());
            if (answer == null) {
                throw LinkBrokenException.protocol(
                        "'connected' answers request " + connected.requestId() + ", which is not waiting for one",
                        null);
            }
            answer.complete(connected);
        } else if (message instanceof TargetLost lost) {
            listener.targetLost(lost);
        } else if (message instanceof Cancel cancel) {
            listener.cancel(cancel);
        } else {
            throw LinkBrokenException.protocol(
                    "it sent a '" + message.type() + "' message, which only a runner sends", null);
        }
    }

    private LinkBrokenException breakLink(LinkBrokenException why) {
        synchronized (this) {
            if (broken != null) {
                return broken;
            }
            broken = why;
        }
        if (why.isProtocolError()) {
            tellTheMonitor(why); // first, before a waiting thread learns of the failure and the runner exits
        }
        greeting.completeExceptionally(why);
        pending.values().forEach(answer -> answer.completeExceptionally(why));
        try {
            socket.close();
        } catch (IOException e) {
            // the link is broken already
        }
        if (!closing && listener != null) {
            listener.broken(why);
        }
        return why;
    }

    /**
     * Sends {@code runFailed} with the protocol error, waiting at most {@link #LAST_WORD_TIMEOUT}: a monitor that
     * does not read must not keep the runner alive.
     */
    private void tellTheMonitor(LinkBrokenException why) {
        var word = new RunFailed(RunFailed.Kind.PROTOCOL, why.getMessage());
        Thread sender = new Thread(
                () -> {
                    try {
                        writer.write(word);
                    } catch (IOException e) {
                        // the monitor is gone as well; the exit code and stderr say what happened
                    }
                },
                "hive-ipc-last-word");
        sender.setDaemon(true);
        sender.start();
        try {
            sender.join(LAST_WORD_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the socket; the reader thread ends and nobody is told. */
    @Override
    public void close() {
        closing = true;
        breakLink(new LinkBrokenException("the runner closed the connection"));
    }
}
