package dev.hive.monitor.web;

import dev.hive.monitor.task.QueueFullException;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/runs/socket?ticket=…}: redeems a ticket, puts its run into the run queue and streams the
 * run's events ({@link RunEvent}, JSON text frames numbered by {@code seq}) to the client until the run ends.
 * {@code GET /api/v1/runs/{id}/socket?after=<seq>}: re-attaches a socket that dropped, replaying the events after
 * {@code seq} and then going on live. A client that closes its socket normally (1000) while its run is queued
 * cancels it; one whose socket drops has {@code limits.reattachSeconds} to re-attach before its queued run is
 * cancelled. A run that is running goes on either way.
 */
final class RunSocket {

    private static final Logger LOG = LoggerFactory.getLogger(RunSocket.class);

    /** The most bytes of events waiting for one client; a client that lets more pile up is closed. */
    static final int WRITE_QUEUE_BYTES = 1 << 20;

    /** The close status of a socket another socket of the same run replaced. */
    static final short REPLACED = 4000;

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
        deps.events().expect(id, ctx.<Long>get(Authenticator.TOKEN_ID));
        enqueue(id)
                .compose(position -> ctx.request().toWebSocket())
                .onSuccess(socket -> attach(id, 0, socket, ctx.vertx()))
                .onFailure(e -> {
                    if (!(e instanceof QueueFullException)) {
                        cancelQueued(id, "the client's WebSocket could not be opened: " + e.getMessage());
                    }
                    ctx.fail(e);
                });
    }

    /** {@code GET /api/v1/runs/{id}/socket?after=<seq>}: the run's socket again, from after {@code seq}. */
    void reattach(RoutingContext ctx) {
        if (!ctx.request().canUpgradeToWebSocket()) {
            throw HttpError.badRequest("this route takes a WebSocket upgrade");
        }
        long id = RunRoutes.runId(ctx);
        long after = after(ctx);
        String name = ctx.get(Authenticator.TOKEN_NAME);
        boolean admin = deps.config().adminTokens().contains(name);
        // no asynchronous step before the upgrade: a request read to its end cannot be upgraded any more
        deps.events()
                .refusal(id, ctx.<Long>get(Authenticator.TOKEN_ID), admin, after)
                .ifPresent(r -> {
                    throw switch (r) {
                        case NOT_KEPT -> new HttpError(
                                410,
                                "the events of run " + id + " are not kept here (no such run, it ended more than "
                                        + deps.config().limits().reattach().toSeconds()
                                        + " s ago, or the monitor restarted); read it with GET /api/v1/runs/" + id);
                        case NOT_YOURS -> new HttpError(
                                403, "run " + id + " was submitted with another API token; re-attach with that token");
                        case TOO_OLD -> tooOld(id, after);
                    };
                });
        ctx.request()
                .toWebSocket()
                .onSuccess(socket -> attach(id, after, socket, ctx.vertx()))
                .onFailure(ctx::fail);
    }

    private HttpError tooOld(long runId, long after) {
        return new HttpError(410, tooOldReason(runId, after));
    }

    private String tooOldReason(long runId, long after) {
        return "events " + (after + 1) + " to " + (deps.events().oldest(runId) - 1) + " of run " + runId
                + " are no longer kept; read the run with GET /api/v1/runs/" + runId;
    }

    private static long after(RoutingContext ctx) {
        String raw = ctx.request().getParam("after");
        if (raw == null) {
            return 0;
        }
        try {
            long after = Long.parseLong(raw);
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.badRequest("after is the last seq the client saw, a whole number >= 0, got '" + raw + "'");
    }

    private Future<Integer> enqueue(long runId) {
        try {
            return Future.succeededFuture(deps.queue().enqueue(runId));
        } catch (QueueFullException e) {
            deps.events().forget(runId);
            return cancelRun(runId, e.getMessage()).transform(ar -> Future.failedFuture(e));
        }
    }

    private void attach(long runId, long after, ServerWebSocket socket, Vertx vertx) {
        Context context = vertx.getOrCreateContext();
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        pings.keepAlive(socket);
        AtomicBoolean dropped = new AtomicBoolean();
        RunJournalListener listener = new RunJournalListener(runId, socket, context, dropped);
        socket.closeHandler(v -> left(runId, listener, socket.closeStatusCode(), vertx));
        if (!deps.events().attach(runId, after, listener)) {
            socket.close((short) 1008, tooOldReason(runId, after));
        }
    }

    /** One socket as a listener of its run's journal. */
    private record RunJournalListener(long runId, ServerWebSocket socket, Context context, AtomicBoolean dropped)
            implements RunJournal.Listener {
        @Override
        public void frame(RunJournal.Frame frame) {
            context.runOnContext(v -> send(runId, socket, dropped, frame));
        }

        @Override
        public void replaced() {
            context.runOnContext(v -> {
                dropped.set(true);
                if (!socket.isClosed()) {
                    socket.close(REPLACED, "another socket re-attached to run " + runId);
                }
            });
        }
    }

    /** From now on a closing socket is the server going down, not a client leaving: its run stays queued. */
    void stop() {
        stopping = true;
    }

    /**
     * A socket closed. A client that closed it normally (1000) left: its queued run is cancelled at once. A socket
     * that dropped (no close frame, or another status) keeps its queued run for the re-attach grace.
     */
    private void left(long runId, RunJournal.Listener listener, Short status, Vertx vertx) {
        deps.events().detach(runId, listener);
        if (stopping) {
            return;
        }
        if (status != null && status == 1000) {
            cancelQueued(runId, "the client closed its WebSocket while the run was queued");
            return;
        }
        long grace = deps.config().limits().reattach().toMillis();
        vertx.setTimer(grace, t -> {
            if (!stopping && !deps.events().attached(runId)) {
                cancelQueued(
                        runId,
                        "the client's WebSocket dropped while the run was queued and did not re-attach within "
                                + grace / 1000 + " s");
            }
        });
    }

    /** Cancels {@code runId} with {@code reason} if it is still queued; its journal hears the end. */
    private void cancelQueued(long runId, String reason) {
        if (deps.queue().cancel(runId)) {
            cancelRun(runId, reason)
                    .onSuccess(v ->
                            deps.events().finished(runId, RunState.CANCELLED, Run.Summary.EMPTY, Optional.of(reason)))
                    .onFailure(e -> LOG.warn("cannot cancel run {}: {}", runId, e.toString()));
        }
    }

    private Future<Void> cancelRun(long runId, String reason) {
        return executors
                .write(() -> deps.runs().transition(runId, RunState.CANCELLED, Optional.of(reason)))
                .mapEmpty();
    }

    /**
     * Sends one frame. A client that does not read fills the socket's write queue; rather than buffer its events
     * without limit, the monitor closes that socket (1008) and stops sending to it. The run goes on and is
     * stored; the client can re-attach or read it with {@code GET /api/v1/runs/{id}}.
     */
    private static void send(long runId, ServerWebSocket socket, AtomicBoolean dropped, RunJournal.Frame frame) {
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
        socket.writeTextMessage(frame.text());
        if (frame.event() instanceof RunEnded) {
            socket.close((short) 1000, "the run ended");
        }
    }
}
