package dev.hive.monitor.lease;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * The connection a lease's {@link UartTap} reads the target's UART from and writes the holder's bytes to: a socket
 * ({@code unix:}, {@code tcp:}) or a serial device ({@code serial:}).
 */
interface UartLine {

    /** Bytes from the holder's socket {@code from} to the target; {@code from} is paused while the line is full. */
    void write(Buffer bytes, ServerWebSocket from);

    /** The holder's socket {@code full} cannot take more: stop reading the UART until it drains. */
    void holdFor(ServerWebSocket full);

    /** Read again (the holder that was full has gone). */
    void resume();

    /** Closes the connection (the lease ended). */
    void close();
}
