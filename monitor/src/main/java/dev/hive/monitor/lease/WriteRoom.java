package dev.hive.monitor.lease;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Back-pressure for a thread that copies from a blocking source (a pipe server's stdout, a serial device) into a
 * WebSocket: it waits, off the event loop, while the socket's write queue is full.
 */
final class WriteRoom {

    private WriteRoom() {}

    /** Returns once {@code ws} can take more bytes or has closed. */
    static void await(Vertx vertx, ServerWebSocket ws) throws InterruptedException {
        while (ws.writeQueueFull() && !ws.isClosed()) {
            Promise<Void> drained = Promise.promise();
            vertx.runOnContext(v -> {
                if (ws.writeQueueFull()) {
                    ws.drainHandler(d -> drained.tryComplete());
                } else {
                    drained.tryComplete();
                }
            });
            try {
                drained.future().toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // look again: the socket may have closed
            }
        }
    }
}
