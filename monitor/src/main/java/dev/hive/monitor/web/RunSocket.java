package dev.hive.monitor.web;

import dev.hive.monitor.task.QueueFullException;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.RunEventCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/runs/socket?ticket=…}: redeems a ticket, puts its run into the run queue and streams the
 * run's events ({@link RunEvent}, JSON text frames) to the client until the run ends. A client that leaves
 * while its run is queued cancels it; one that leaves while it runs does not.
 */
final class RunSocket {

    private static final Logger LOG = LoggerFactory.getLogger(RunSocket.class);
    private static final RunEventCodec CODEC = new RunEventCodec();

    /** The most bytes of events waiting for one client; a client that lets more pile up is closed. */
    static final int WRITE_QUEUE_BYTES = 1 << 20;

    private final ApiDependencies deps;
    private final Executors executors;
    private final WebSocketPings pings;
    private volatile boolean stopping;

    RunSocket(ApiDependencies deps, Executors executors, WebSocketPings pings) {
        this.deps = deps;
        this.executors = executors;
        this.pings = pings;
        deps.queue()
                .onPositions(positions ->
                        positions.forEach((runId, position) -> deps.events().publish(new Queued(runId, position))));
    }

    void open(RoutingContext ctx) {
        if (!ctx.request().canUpgradeToWebSocket()) {
            throw HttpError.badRequest("this route takes a WebSocket upgrade");
        }
        OptionalLong runId = deps.tickets().redeem(ctx.request().getParam("ticket"));
        if (runId.isEmpty()) {
            throw new HttpError(
                    401, "the ticket is unknown, expired or already used; submit the run again for a new one");
        }
        long id = runId.getAsLong();
        deps.events().expect(id);
        enqueue(id)
                .compose(position -> ctx.request().toWebSocket())
                .onSuccess(socket -> attach(id, socket, ctx.vertx().getOrCreateContext()))
                .onFailure(e -> {
                    if (!(e instanceof QueueFullException)) {
                        left(id);
                    }
                    ctx.fail(e);
                });
    }

    private Future<Integer> enqueue(long runId) {
        try {
            return Future.succeededFuture(deps.queue().enqueue(runId));
        } catch (QueueFullException e) {
            deps.events().forget(runId);
            return cancelRun(runId, e.getMessage()).transform(ar -> Future.failedFuture(e));
        }
    }

    private void attach(long runId, ServerWebSocket socket, Context context) {
        socket.closeHandler(v -> left(runId));
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        pings.keepAlive(socket);
        AtomicBoolean dropped = new AtomicBoolean();
        deps.events().subscribe(runId, event -> context.runOnContext(v -> send(runId, socket, dropped, event)));
    }

    /** From now on a closing socket is the server going down, not a client leaving: its run stays queued. */
    void stop() {
        stopping = true;
    }

    private void left(long runId) {
        deps.events().forget(runId);
        if (!stopping && deps.queue().cancel(runId)) {
            cancelRun(runId, "the client closed its WebSocket while the run was queued")
                    .onFailure(e -> LOG.warn("cannot cancel run {}: {}", runId, e.toString()));
        }
    }

    private Future<Void> cancelRun(long runId, String reason) {
        return executors
                .write(() -> deps.runs().transition(runId, RunState.CANCELLED, Optional.of(reason)))
                .mapEmpty();
    }

    /**
     * Sends one event. A client that does not read fills the socket's write queue; rather than buffer its events
     * without limit, the monitor closes that socket (1008) and stops sending to it. The run goes on and is
     * stored; the client can read it with {@code GET /api/v1/runs/{id}}.
     */
    private static void send(long runId, ServerWebSocket socket, AtomicBoolean dropped, RunEvent event) {
        if (socket.isClosed() || dropped.get()) {
            return;
        }
        if (socket.writeQueueFull()) {
            dropped.set(true);
            LOG.warn(
                    "run {}: the client does not read its WebSocket (write queue full); closing it, the run goes on",
                    runId);
            socket.close((short) 1008, "the client does not read its events; GET /api/v1/runs/" + runId);
            return;
        }
        socket.writeTextMessage(CODEC.encode(event));
        if (event instanceof RunEnded) {
            socket.close((short) 1000, "the run ended");
        }
    }
}
