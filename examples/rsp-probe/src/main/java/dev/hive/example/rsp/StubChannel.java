package dev.hive.example.rsp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's conversation with the stub, one level above {@link PacketConnection}: sends a
 * request and picks its reply out of console output ({@code O} packets) and stop replies, waits for
 * stop replies, and keeps {@link TargetStatus} up to date from every stop reply it sees.
 *
 * <p>It also holds the session's one lock and its closed flag. {@link RspSession} runs the work of
 * every public method through {@link #locked}; the collaborators behind it ({@link MemoryAccess},
 * {@link RegisterAccess}, {@link RunControl}, ...) never lock on their own and are only called with
 * the lock held. {@link #close()} does not take the lock, so any thread can end a blocked call.
 */
final class StubChannel {

    // Every collaborator logs under the session's name: that is the category users configure.
    private static final Logger log = LoggerFactory.getLogger(RspSession.class);

    /** Work done under the session lock. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws RspException;
    }

    /** Work without a result done under the session lock. */
    @FunctionalInterface
    interface Action {
        void run() throws RspException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PacketConnection conn;
    private final RspOptions options;
    private final TargetStatus status = new TargetStatus();

    StubChannel(PacketConnection conn, RspOptions options) {
        this.conn = conn;
        this.options = options;
    }

    String description() {
        return conn.description();
    }

    TargetStatus status() {
        return status;
    }

    boolean ackMode() {
        return conn.ackMode();
    }

    void setAckMode(boolean ackMode) {
        conn.setAckMode(ackMode);
    }

    long resends() {
        return conn.resends();
    }

    // ------------------------------------------------------------------ lock and lifetime

    /** Runs {@code call} under the session lock; a lost connection closes the session. */
    <T> T locked(Call<T> call) throws RspException {
        lock.lock();
        try {
            return call.run();
        } catch (RspConnectionLostException e) {
            close();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #locked(Call)} for work without a result. */
    void lockedRun(Action action) throws RspException {
        locked(() -> {
            action.run();
            return null;
        });
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Closes the connection. Idempotent; does not take the lock. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            conn.close();
            log.debug("{}: closed", description());
        }
    }

    void ensureOpen() throws RspConnectionLostException {
        if (closed.get()) {
            throw new RspConnectionLostException("session to " + description() + " is closed");
        }
    }

    void requireHalted(String operation) throws RspException {
        ensureOpen();
        if (status.state() == TargetState.RUNNING) {
            throw new IllegalStateException(
                    operation + " needs a halted target but it is running; call halt() or waitForStop() first");
        }
        if (status.state() == TargetState.EXITED) {
            throw sessionEndedByExit(operation);
        }
    }

    /**
     * The program exited ({@code W}/{@code X} stop reply): a single-process stub such as QEMU's ends the
     * connection with it, whether or not its close has arrived yet. The session is over either way.
     */
    RspConnectionLostException sessionEndedByExit(String operation) {
        close();
        return new RspConnectionLostException(
                operation + ": the target has exited (" + status.lastStop() + "); the stub ended the session");
    }

    // ------------------------------------------------------------------ requests and replies

    /**
     * Sends a packet and returns the first reply that is neither console output nor (if {@code
     * skipStops}) a stop reply.
     */
    String exchange(String payload, boolean skipStops) throws RspException {
        ensureOpen();
        absorbPending();
        Duration timeout = options.replyTimeout();
        long deadline = deadline(timeout);
        send(payload, deadline, timeout);
        while (true) {
            String reply = receiveOrTimeout(payload, deadline, timeout);
            if (isConsoleOutput(reply)) {
                console(reply);
            } else if (skipStops && StopReply.isStopReply(reply)) {
                noteStop(reply, true);
            } else {
                return reply;
            }
        }
    }

    /** {@link #exchange} that turns empty and error replies into exceptions. */
    String checked(String payload) throws RspException {
        String reply = exchange(payload, true);
        if (reply.isEmpty()) {
            throw new RspUnsupportedException(payload);
        }
        if (RspErrorReplyException.isErrorReply(reply)) {
            throw new RspErrorReplyException(payload, reply);
        }
        return reply;
    }

    void expectOk(String payload) throws RspException {
        String reply = checked(payload);
        if (!"OK".equals(reply)) {
            throw new RspProtocolException("expected OK to '" + RspPackets.abbreviate(payload) + "', got '"
                    + RspPackets.abbreviate(reply) + "'");
        }
    }

    /** Sends a packet whose answer is a stop reply ({@code ?}, {@code vAttach}) and waits for it. */
    StopReply stopRequest(String payload) throws RspException {
        ensureOpen();
        absorbPending();
        Duration timeout = options.replyTimeout();
        long deadline = deadline(timeout);
        send(payload, deadline, timeout);
        return awaitStop(payload, deadline, timeout);
    }

    /** Sends a packet and waits for its acknowledgement only; the reply is read separately. */
    void send(String payload, long deadline, Duration timeout) throws RspException {
        conn.send(payload.getBytes(StandardCharsets.ISO_8859_1), payload, deadline, timeout);
    }

    /** Sends bytes outside a packet (the 0x03 interrupt). */
    void sendRaw(byte[] bytes, String label) throws RspException {
        conn.sendRaw(bytes, label);
    }

    StopReply awaitStop(String label, long deadline, Duration timeout) throws RspException {
        while (true) {
            String reply = conn.receive(deadline, label);
            if (reply == null) {
                throw new RspTimeoutException(
                        "no stop reply after '" + RspPackets.abbreviate(label) + "' within " + timeout.toMillis()
                                + " ms from " + description()
                                + (status.state() == TargetState.RUNNING ? " (target still running)" : ""),
                        label,
                        timeout);
            }
            if (isConsoleOutput(reply)) {
                console(reply);
            } else if (StopReply.isStopReply(reply)) {
                return noteStop(reply, false);
            } else if (reply.isEmpty()) {
                status.markHaltedIfRunning();
                throw new RspUnsupportedException(label);
            } else if (RspErrorReplyException.isErrorReply(reply)) {
                status.markHaltedIfRunning();
                throw new RspErrorReplyException(label, reply);
            } else {
                log.warn(
                        "{}: discarding unexpected packet '{}' while waiting for a stop reply",
                        description(),
                        RspPackets.abbreviate(reply));
            }
        }
    }

    String receiveOrTimeout(String label, long deadline, Duration timeout) throws RspException {
        String reply = conn.receive(deadline, label);
        if (reply == null) {
            throw new RspTimeoutException(
                    "no reply to '" + RspPackets.abbreviate(label) + "' within " + timeout.toMillis() + " ms from "
                            + description(),
                    label,
                    timeout);
        }
        return reply;
    }

    /** Handles packets that arrived outside an exchange: stop replies, console output, stale replies. */
    void absorbPending() throws RspException {
        List<String> pending = conn.drain("(pending input)");
        for (String p : pending) {
            if (isConsoleOutput(p)) {
                console(p);
            } else if (StopReply.isStopReply(p)) {
                noteStop(p, status.state() != TargetState.RUNNING);
            } else {
                log.warn(
                        "{}: discarding stale packet '{}' (a late reply to an earlier request?)",
                        description(),
                        RspPackets.abbreviate(p));
            }
        }
    }

    StopReply noteStop(String payload, boolean unsolicited) {
        StopReply stop = StopReply.parse(payload);
        status.record(stop, unsolicited);
        if (unsolicited) {
            log.debug("{}: unsolicited stop reply {}", description(), payload);
        }
        return stop;
    }

    static boolean isConsoleOutput(String reply) {
        return reply.length() > 1 && reply.charAt(0) == 'O' && RspPackets.isHex(reply.substring(1));
    }

    private void console(String reply) {
        String text = RspPackets.hexDecodeText(reply.substring(1));
        if (options.consoleOutput() != null) {
            options.consoleOutput().accept(text);
        } else {
            log.info("{}: target output: {}", description(), text.strip());
        }
    }

    static byte[] hexReply(String request, String reply) throws RspProtocolException {
        try {
            return RspPackets.fromHex(reply);
        } catch (IllegalArgumentException e) {
            throw new RspProtocolException(
                    "reply to '" + RspPackets.abbreviate(request) + "' is not hex: " + RspPackets.abbreviate(reply), e);
        }
    }

    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
