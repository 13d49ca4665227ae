package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages the monitor sends its runner besides the reader's own replies: answers to bus requests,
 * {@code cancel} and {@code targetLost}. They come from threads that must not wait on a slow runner (the bus,
 * the rack's listener, whoever cancels the run), so {@link #sendLater} queues them on one sender thread per run,
 * and a runner that stopped reading only loses its own messages: a failed write is logged and dropped, the
 * reader notices the connection's end.
 */
final class RunnerOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerOutbox.class);

    private final String runId;
    private final BooleanSupplier over;
    private final ExecutorService sender;
    private volatile IpcWriter writer;

    /**
     * @param runId the run's id, for the log
     * @param over whether the link has ended; nothing queued is sent after that
     */
    RunnerOutbox(String runId, BooleanSupplier over) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.over = Objects.requireNonNull(over, "over");
        this.sender = Executors.newSingleThreadExecutor(LinkThreads.daemon("hive-ipc-send-" + runId));
    }

    /** Where messages go once the runner has connected; until then they are dropped. */
    void attach(IpcWriter out) {
        writer = out;
    }

    /** Sends a message on the sender thread, unless the link has ended by then. */
    void sendLater(IpcMessage message) {
        try {
            sender.execute(() -> {
                if (!over.getAsBoolean()) {
                    send(message);
                }
            });
        } catch (RejectedExecutionException e) {
            // the link has ended
        }
    }

    /** Sends a message on the calling thread. */
    void send(IpcMessage message) {
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

    /** Drops what is queued and stops the sender thread; {@link #await()} waits for it. */
    void shutdownNow() {
        sender.shutdownNow();
    }

    /** Waits for the sender thread to end. */
    void await() {
        LinkThreads.await(sender);
    }

    /** Stops the sender thread of a link that never opened. */
    void shutdown() {
        sender.shutdown();
    }
}
