package dev.hive.example.rsp;

import java.io.Closeable;
import java.io.IOException;

/**
 * A bidirectional byte stream to a debug stub, with a timeout on every read. {@link RspTransports}
 * opens the built-in ones; implement this interface to run the protocol over anything else.
 *
 * <p>Implementations must allow {@link #close()} from another thread while a {@link #read} is
 * blocked, and the blocked read must then end with an {@link IOException} or -1.
 */
public interface RspTransport extends Closeable {

    /**
     * Reads at least one byte, waiting at most {@code timeoutMillis}.
     *
     * @param buffer where to put the bytes
     * @param timeoutMillis how long to wait; 0 means do not wait at all
     * @return the number of bytes read, 0 if none arrived in time, -1 at end of stream (the peer
     *     closed the connection)
     * @throws IOException if the transport failed or was closed
     */
    int read(byte[] buffer, long timeoutMillis) throws IOException;

    /**
     * Writes all bytes.
     *
     * @throws IOException if the transport failed or was closed
     */
    void write(byte[] data) throws IOException;

    /** Where this transport is connected to, for messages (for example {@code unix:/tmp/a.gdb}). */
    String description();

    /** Closes the transport. Idempotent. */
    @Override
    void close() throws IOException;
}
