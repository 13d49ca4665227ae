package dev.hive.monitor.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;

/**
 * Pings open WebSockets often enough that the HTTP server's idle timeout only closes connections that are really
 * idle: a run's socket stays open through a long quiet test, a dashboard's through a quiet hour. A ping written
 * into a connection whose client has gone away fails, and the timeout then closes it.
 */
public final class WebSocketPings {

    private final Vertx vertx;
    private final long periodMillis;

    /** Pings three times per {@code idleTimeout}. */
    WebSocketPings(Vertx vertx, Duration idleTimeout) {
        this.vertx = vertx;
        this.periodMillis = Math.max(100, idleTimeout.toMillis() / 3);
    }

    /** Pings {@code socket} until it closes. */
    public void keepAlive(ServerWebSocket socket) {
        vertx.setPeriodic(periodMillis, timer -> {
            if (socket.isClosed()) {
                vertx.cancelTimer(timer);
            } else {
                socket.writePing(Buffer.buffer());
            }
        });
    }
}
