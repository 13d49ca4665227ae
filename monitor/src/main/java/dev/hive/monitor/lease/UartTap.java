package dev.hive.monitor.lease;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's open UART of one lease, with its ring and its readers: a WebSocket that attaches is sent the ring
 * first, then the live bytes. The holder may write; when the holder's WebSocket is full the line stops reading (the
 * target waits, nothing is lost). A reader that is not the holder and does not keep up is closed (1008). A UART
 * that cannot be opened closes its readers with 1011 and the reason.
 */
final class UartTap {

    private static final Logger LOG = LoggerFactory.getLogger(UartTap.class);

    private final long leaseId;
    private final UartRing ring;
    private final Consumer<ServerWebSocket> touch;
    private final Set<ServerWebSocket> readers = ConcurrentHashMap.newKeySet();
    private volatile ServerWebSocket writer;
    private volatile UartLine line;
    private volatile boolean closed;
    /** Why this UART cannot be streamed, or null. */
    private volatile String unusable;

    /** @param touch counts traffic on a socket as its activity (idle timeout) */
    UartTap(long leaseId, UartRing ring, Consumer<ServerWebSocket> touch) {
        this.leaseId = leaseId;
        this.ring = ring;
        this.touch = touch;
    }

    long leaseId() {
        return leaseId;
    }

    /** The UART is open: it reads into this tap from now on; false (and {@code opened} closed) when the lease ended. */
    synchronized boolean open(UartLine opened) {
        if (closed) {
            opened.close();
            return false;
        }
        line = opened;
        return true;
    }

    /** Opens {@code socket} ({@code unix:}, {@code tcp:}) as this tap's line. */
    void open(NetSocket socket) {
        if (open(new SocketLine(socket))) {
            socket.handler(this::received);
            socket.closeHandler(v -> LOG.info("lease {}: the UART closed", leaseId));
        }
    }

    /** The UART cannot be streamed (any more): its readers are closed with 1011 and {@code why}. */
    synchronized void fail(String why) {
        unusable = why;
        for (ServerWebSocket ws : readers) {
            ws.close((short) 1011, LeaseStreams.reason(why));
        }
        readers.clear();
    }

    /** The holder's socket, or null. */
    ServerWebSocket writer() {
        return writer;
    }

    synchronized void received(Buffer bytes) {
        ring.append(bytes.getBytes());
        for (ServerWebSocket ws : readers) {
            if (ws.isClosed()) {
                readers.remove(ws);
                continue;
            }
            touch.accept(ws);
            if (ws == writer) {
                ws.write(bytes);
                if (ws.writeQueueFull()) {
                    line.holdFor(ws);
                }
            } else if (ws.writeQueueFull()) {
                readers.remove(ws);
                ws.close((short) 1008, "the client does not read the UART fast enough");
            } else {
                ws.write(bytes);
            }
        }
    }

    /** Serves {@code ws}: the ring, then live bytes; {@code holder} whether it may write. */
    synchronized void attach(ServerWebSocket ws, boolean holder) {
        if (unusable != null) {
            ws.close((short) 1011, LeaseStreams.reason(unusable));
            return;
        }
        byte[] replay = ring.snapshot();
        if (replay.length > 0) {
            ws.write(Buffer.buffer(replay));
        }
        readers.add(ws);
        if (holder) {
            writer = ws;
            ws.handler(bytes -> {
                touch.accept(ws);
                UartLine l = line;
                if (l != null) {
                    l.write(bytes, ws);
                }
            });
        } else {
            ws.handler(bytes -> ws.close((short) 1008, "only the lease's holder may write to the UART"));
        }
    }

    void detach(ServerWebSocket ws) {
        readers.remove(ws);
        if (writer == ws) {
            writer = null;
            UartLine l = line;
            if (l != null) {
                l.resume();
            }
        }
    }

    /** Closes the line (the lease ended); a line opened later is closed at once. */
    void close() {
        UartLine l;
        synchronized (this) {
            closed = true;
            l = line;
        }
        if (l != null) {
            l.close();
        }
    }

    /** A UART reached through a socket: Vert.x's own back-pressure both ways. */
    private record SocketLine(NetSocket socket) implements UartLine {

        @Override
        public void write(Buffer bytes, ServerWebSocket from) {
            socket.write(bytes);
            if (socket.writeQueueFull()) {
                from.pause();
                socket.drainHandler(v -> from.resume());
            }
        }

        @Override
        public void holdFor(ServerWebSocket full) {
            socket.pause();
            full.drainHandler(v -> socket.resume());
        }

        @Override
        public void resume() {
            socket.resume();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
