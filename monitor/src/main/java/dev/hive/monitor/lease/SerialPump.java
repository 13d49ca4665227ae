package dev.hive.monitor.lease;

import dev.hive.rack.physical.SerialDevice;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the bytes of one open {@link SerialDevice} for a lease's stream (a GDB port in {@link SerialGdbStreams}, a
 * UART in {@link SerialUarts}), off the event loops: a thread of its own reads the device and hands each chunk to a
 * {@link Sink}, which may wait (back-pressure: while it waits the device is not read, its own buffer fills, as a
 * real UART's does); a single writer thread writes the client's bytes to the device, and the client's socket is
 * paused while more than {@link #PENDING_BYTES} wait.
 */
final class SerialPump implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialPump.class);

    /** The most bytes from the client waiting for the device before the client's socket is paused. */
    static final int PENDING_BYTES = 64 * 1024;

    /** Where the device's bytes go, on the pump's reader thread. */
    interface Sink {
        /** Waits, before the next read, until the device may be read again; false ends the pump. */
        default boolean awaitRoom() throws InterruptedException {
            return true;
        }

        /** Takes a chunk read from the device; false ends the pump. */
        boolean take(Buffer chunk) throws InterruptedException;
    }

    private final Vertx vertx;
    private final SerialDevice device;
    private final String name;
    private final ExecutorService writer;
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean paused;
    private volatile boolean closed;

    /** @param name names the pump's threads ({@code NAME-in}, {@code NAME-out}) and its log lines */
    SerialPump(Vertx vertx, SerialDevice device, String name) {
        this.vertx = vertx;
        this.device = device;
        this.name = name;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-in"));
    }

    /**
     * Starts reading: the device's bytes go to {@code sink} until it refuses or the device ends; {@code ended} runs
     * when the device ended by itself (gone, not closed by {@link #close()}).
     */
    void start(Sink sink, Runnable ended) {
        daemon(() -> read(sink, ended), name + "-out").start();
    }

    private void read(Sink sink, Runnable ended) {
        byte[] chunk = new byte[16 * 1024];
        try {
            int n = 0;
            while (sink.awaitRoom() && (n = device.read(chunk)) >= 0) {
                if (n > 0 && !sink.take(Buffer.buffer().appendBytes(chunk, 0, n))) {
                    return;
                }
            }
            if (n < 0 && !closed) {
                ended.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bytes from {@code client} for the device, written in order; {@code client} pauses while too many wait. */
    void write(Buffer bytes, ReadStream<?> client) {
        byte[] data = bytes.getBytes();
        if (pending.addAndGet(data.length) > PENDING_BYTES && !paused) {
            paused = true;
            client.pause();
        }
        try {
            writer.execute(() -> {
                try {
                    device.write(data);
                } catch (IOException e) {
                    LOG.debug("{}: {}", name, e.getMessage());
                }
                if (pending.addAndGet(-data.length) <= PENDING_BYTES / 2 && paused) {
                    paused = false;
                    vertx.runOnContext(v -> client.resume());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: closed, {} bytes from the client dropped", name, data.length);
        }
    }

    /** Stops both threads and closes the device (blocking briefly). Idempotent. */
    @Override
    public void close() {
        closed = true;
        writer.shutdownNow();
        device.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
