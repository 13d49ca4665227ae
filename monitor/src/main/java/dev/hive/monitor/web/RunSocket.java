package dev.hive.monitor.web;

import dev.hive.monitor.task.QueueFullException;
import dev.hive.monitor.task.RunState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/runs/socket?ticket=…}: redeems a ticket, puts its run into the run queue and keeps the
 * client told of its queue position (JSON text frames). A client that leaves while its run is queued
 * cancels it.
 */
final class RunSocket {

    private static final Logger LOG = LoggerFactory.getLogger(RunSocket.class);

    private record Client(ServerWebSocket socket, Context context) {}

    private final ApiDependencies deps;
    private final Executors executors;
    private final Map<Long, Client> clients = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    RunSocket(ApiDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
        deps.queue().onPositions(this::announce);
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
        enqueue(id)
                .compose(position -> ctx.request().toWebSocket().map(socket -> {
                    attach(id, socket, ctx);
                    return position;
                }))
                .onFailure(ctx::fail);
    }

    private Future<Integer> enqueue(long runId) {
        try {
            return Future.succeededFuture(deps.queue().enqueue(runId));
        } catch (QueueFullException e) {
            return cancelRun(runId, e.getMessage()).transform(ar -> Future.failedFuture(e));
        }
    }

    private void attach(long runId, ServerWebSocket socket, RoutingContext ctx) {
        clients.put(runId, new Client(socket, ctx.vertx().getOrCreateContext()));
        socket.closeHandler(v -> left(runId));
        send(socket, runId, deps.queue().position(runId));
    }

    /** From now on a closing socket is the server going down, not a client leaving: its run stays queued. */
    void stop() {
        stopping = true;
    }

    private void left(long runId) {
        clients.remove(runId);
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

    /** Called by the queue on any thread: each waiting client hears its new position on its own context. */
    private void announce(Map<Long, Integer> positions) {
        positions.forEach((runId, position) -> {
            Client client = clients.get(runId);
            if (client != null) {
                client.context().runOnContext(v -> send(client.socket(), runId, position));
            }
        });
    }

    private static void send(ServerWebSocket socket, long runId, int position) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(new JsonObject()
                    .put("type", "queued")
                    .put("runId", runId)
                    .put("position", position)
                    .encode());
        }
    }
}
