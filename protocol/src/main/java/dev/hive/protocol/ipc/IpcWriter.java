package dev.hive.protocol.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes messages to a stream, one line each, flushed at once. Safe for several threads: the runner's
 * channel threads write their results directly, each line is written whole with one {@code write} under a
 * lock (encoding happens outside it), and there is no queue that could fill up or reorder a thread's
 * messages. A thread blocks only while another writes its line or while the peer does not read.
 *
 * <p>After a failed write the stream may hold part of a line, so every later write fails too.
 */
public final class IpcWriter implements Closeable {

    private final OutputStream out;
    private final IpcCodec codec;
    private final Object lock = new Object();
    private IOException failure; // guarded by lock

    /** A writer to {@code out} that encodes with {@code codec}. */
    public IpcWriter(OutputStream out, IpcCodec codec) {
        this.out = out;
        this.codec = codec;
    }

    /** A writer to {@code out} with the process's {@linkplain IpcCodec#shared() codec}. */
    public IpcWriter(OutputStream out) {
        this(out, IpcCodec.shared());
    }

    /** The codec this one uses. */
    IpcCodec codec() {
        return codec;
    }

    /**
     * Writes {@code message} as one line and flushes it.
     *
     * @throws IpcProtocolException if the message encodes to more than {@link IpcLimits#MAX_LINE_BYTES}
     *     (nothing is written: the peer would refuse the line; shorten the message or stack trace)
     * @throws IOException if the stream fails, now or at an earlier write
     */
    public void write(IpcMessage message) throws IOException {
        byte[] json = codec.encode(message).getBytes(StandardCharsets.UTF_8);
        if (json.length > IpcLimits.MAX_LINE_BYTES) {
            throw new IpcProtocolException("a '%s' message encodes to %d bytes; a line may hold %d"
                    .formatted(message.type(), json.length, IpcLimits.MAX_LINE_BYTES));
        }
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        synchronized (lock) {
            if (failure != null) {
                throw new IOException("an earlier write failed; the stream may end inside a line", failure);
            }
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Closes the stream, after any write in progress. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            out.close();
        }
    }
}
