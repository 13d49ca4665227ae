package dev.hive.monitor.web;

import dev.hive.monitor.lease.Holder;
import dev.hive.monitor.lease.Lease;
import dev.hive.monitor.lease.LeaseException;
import dev.hive.monitor.lease.LeaseRequest;
import dev.hive.monitor.lease.LeaseStreams;
import dev.hive.monitor.lease.Leases;
import dev.hive.monitor.lease.StreamKind;
import dev.hive.monitor.task.RunTickets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code /api/v1/leases}: lease a target, list, show, extend and release leases, get a single-use ticket for a
 * stream, and open a stream ({@code docs/leases.md}, {@code docs/api.md}). The holder is the API token's name;
 * another token's lease answers 403.
 */
final class LeaseRoutes {

    private final ApiDependencies deps;
    private final Executors executors;
    private final Leases leases;
    private final LeaseStreams streams;
    private final WebSocketPings pings;
    private final Map<StreamKind, RunTickets> tickets = new EnumMap<>(StreamKind.class);

    LeaseRoutes(
            ApiDependencies deps,
            Executors executors,
            Leases leases,
            LeaseStreams streams,
            RunTickets gdb,
            RunTickets uart,
            WebSocketPings pings) {
        this.pings = pings;
        this.deps = deps;
        this.executors = executors;
        this.leases = leases;
        this.streams = streams;
        tickets.put(StreamKind.GDB, gdb);
        tickets.put(StreamKind.UART, uart);
    }

    void mount(Router router) {
        String base = ApiServer.API + "/leases";
        router.post(base).handler(this::create);
        router.get(base).handler(this::list);
        router.get(base + "/:id").handler(this::show);
        router.post(base + "/:id/extend").handler(this::extend);
        router.delete(base + "/:id").handler(this::release);
        router.post(base + "/:id/tickets").handler(this::ticket);
        router.get(base + "/:id/streams/:kind").handler(this::stream);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = body(ctx);
        String target = body.getValue("target") instanceof String s ? s.trim() : "";
        if (target.isEmpty()) {
            throw HttpError.badRequest("'target' (a target name or a slot such as 0/1) is required");
        }
        LeaseRequest request = new LeaseRequest(
                target,
                optionalInt(body, "probe"),
                optionalInt(body, "minutes"),
                text(body, "reason"),
                flag(body, "wait"));
        holder(ctx)
                .compose(h -> executors.write(() -> leases.create(request, h)))
                .onSuccess(lease -> Responses.json(ctx, lease.pending() ? 202 : 201, json(lease)))
                .onFailure(e -> fail(ctx, e));
    }

    private void list(RoutingContext ctx) {
        boolean all = "true".equals(ctx.request().getParam("all"));
        executors
                .read(() -> leases.list(all))
                .onSuccess(list -> {
                    JsonArray array = new JsonArray();
                    list.forEach(l -> array.add(json(l)));
                    Responses.json(ctx, 200, new JsonObject().put("leases", array));
                })
                .onFailure(e -> fail(ctx, e));
    }

    private void show(RoutingContext ctx) {
        long id = leaseId(ctx);
        holder(ctx)
                .compose(h -> executors.read(() -> leases.find(id, h)))
                .onSuccess(lease -> Responses.json(ctx, 200, json(lease)))
                .onFailure(e -> fail(ctx, e));
    }

    private void extend(RoutingContext ctx) {
        long id = leaseId(ctx);
        OptionalInt minutes = optionalInt(body(ctx), "minutes");
        holder(ctx)
                .compose(h -> executors.write(() -> leases.extend(id, minutes.orElse(-1), h)))
                .onSuccess(lease -> Responses.json(ctx, 200, json(lease)))
                .onFailure(e -> fail(ctx, e));
    }

    private void release(RoutingContext ctx) {
        long id = leaseId(ctx);
        holder(ctx)
                .compose(h -> executors.write(() -> leases.release(id, h)))
                .onSuccess(lease -> Responses.json(ctx, 200, json(lease)))
                .onFailure(e -> fail(ctx, e));
    }

    /** A single-use ticket for one stream: GDB for the holder only, the UART (read-only) for anybody. */
    private void ticket(RoutingContext ctx) {
        long id = leaseId(ctx);
        StreamKind kind = kind(text(body(ctx), "stream"));
        holder(ctx)
                .compose(h -> executors.read(() -> {
                    Lease lease = kind == StreamKind.GDB
                            ? leases.openLease(id, h)
                            : leases.openLease(id)
                                    .orElseThrow(() -> new LeaseException(
                                            LeaseException.Kind.CONFLICT, "lease " + id + " is not open"));
                    return tickets.get(kind).issue(lease.id());
                }))
                .onSuccess(ticket -> Responses.json(
                        ctx,
                        201,
                        new JsonObject()
                                .put("ticket", ticket)
                                .put("stream", kind.wireName())
                                .put(
                                        "path",
                                        ApiServer.API + "/leases/" + id + "/streams/" + kind.wireName() + "?ticket="
                                                + ticket)))
                .onFailure(e -> fail(ctx, e));
    }

    private void stream(RoutingContext ctx) {
        if (!ctx.request().canUpgradeToWebSocket()) {
            throw HttpError.badRequest("this route takes a WebSocket upgrade");
        }
        long id = leaseId(ctx);
        StreamKind kind = kind(ctx.pathParam("kind"));
        SessionStreamTickets.Grant grant = ctx.get(SessionStreamTickets.GRANT);
        Holder h;
        if (grant != null) {
            if (grant.leaseId() != id || grant.kind() != kind) {
                throw new HttpError(401, "the ticket is for another lease or stream; ask leaseStreamTicket again");
            }
            h = grant.holder();
        } else {
            OptionalLong redeemed = tickets.get(kind).redeem(ctx.request().getParam("ticket"));
            if (redeemed.isEmpty() || redeemed.getAsLong() != id) {
                throw new HttpError(
                        401,
                        "the ticket is unknown, expired, already used or for another lease;" + " ask POST "
                                + ApiServer.API + "/leases/" + id + "/tickets for a new one");
            }
            h = Holder.token(ctx.get(Authenticator.TOKEN_ID), ctx.get(Authenticator.TOKEN_NAME));
        }
        // no asynchronous step before the upgrade: a request read to its end cannot be upgraded any more
        Lease lease = leases.heldLease(id).orElseThrow(() -> new HttpError(409, "lease " + id + " is not open"));
        boolean holds = lease.heldBy(h);
        if (kind == StreamKind.GDB && !holds) {
            throw new HttpError(403, "lease " + id + " is not yours (it is " + lease.holder() + "'s)");
        }
        ctx.request()
                .toWebSocket()
                .compose(ws -> {
                    pings.keepAlive(ws);
                    return streams.attach(lease, kind, holds, ws);
                })
                .onFailure(e -> fail(ctx, e));
    }

    private static Future<Holder> holder(RoutingContext ctx) {
        return Future.succeededFuture(Holder.token(ctx.get(Authenticator.TOKEN_ID), ctx.get(Authenticator.TOKEN_NAME)));
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof LeaseException le) {
            int status =
                    switch (le.kind()) {
                        case INVALID -> 400;
                        case NOT_FOUND -> 404;
                        case FORBIDDEN -> 403;
                        case CONFLICT -> 409;
                    };
            ctx.fail(new HttpError(status, le.getMessage()));
        } else {
            ctx.fail(e);
        }
    }

    static JsonObject json(Lease l) {
        JsonObject o = new JsonObject()
                .put("id", l.id())
                .put("target", l.targetName())
                .put("slot", l.slot().toString())
                .put("probe", l.channel() < 0 ? null : l.channel())
                .put("holder", l.holder())
                .put("reason", l.reason())
                .put("state", l.state())
                .put("createdAt", l.createdAt().toString())
                .put("expiresAt", l.expiresAt().toString())
                .put("maxUntil", l.capAt().toString());
        l.endedAt().ifPresent(t -> o.put("endedAt", t.toString()));
        l.end().ifPresent(e -> o.put("end", e.name().toLowerCase(java.util.Locale.ROOT)));
        l.endedBy().ifPresent(b -> o.put("endedBy", b));
        l.endMessage().ifPresent(m -> o.put("endMessage", m));
        l.grantedAt().ifPresent(t -> o.put("grantedAt", t.toString()));
        l.waitsForRun().ifPresent(r -> o.put("waitsForRun", r));
        return o;
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body() == null || ctx.body().length() == 0
                    ? new JsonObject()
                    : ctx.body().asJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (RuntimeException e) {
            throw HttpError.badRequest("the body must be a JSON object: " + e.getMessage());
        }
    }

    private static OptionalInt optionalInt(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (v instanceof Number n && n.doubleValue() == n.intValue()) {
            return OptionalInt.of(n.intValue());
        }
        throw HttpError.badRequest("'" + key + "' must be a whole number, got " + v);
    }

    private static boolean flag(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw HttpError.badRequest("'" + key + "' must be true or false, got " + v);
    }

    private static String text(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v != null && !(v instanceof String)) {
            throw HttpError.badRequest("'" + key + "' must be text");
        }
        String s = (String) v;
        if (s != null && s.length() > 500) {
            throw HttpError.badRequest("'" + key + "' must be at most 500 characters");
        }
        return s == null ? "" : s;
    }

    private static StreamKind kind(String text) {
        return StreamKind.parse(text)
                .orElseThrow(() -> HttpError.badRequest("the stream is 'gdb' or 'uart', got '" + text + "'"));
    }

    static long leaseId(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.badRequest("a lease id is a positive whole number, got '" + raw + "'");
    }
}
