package dev.hive.monitor.web;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.control.Caller;
import dev.hive.monitor.control.ControlRefusal;
import dev.hive.monitor.control.TargetControl;
import dev.hive.monitor.control.TargetOperation;
import dev.hive.rack.model.SlotAddress;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Admin control of one target (docs/api.md): {@code POST /api/v1/targets/{stack}/{slot}/power} with {@code
 * {"on": bool}}, {@code .../reset}, {@code .../flash} with the ELF as the body (202: an operation to poll), and
 * {@code GET /api/v1/operations/{id}}. An API token is an admin when its name is in {@code auth.adminTokens}.
 */
final class TargetRoutes {

    private final TargetControl control;
    private final MonitorConfig config;
    private final Executors executors;

    TargetRoutes(TargetControl control, MonitorConfig config, Executors executors) {
        this.control = control;
        this.config = config;
        this.executors = executors;
    }

    void power(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        Object on = body.getValue("on");
        if (!(on instanceof Boolean)) {
            ctx.fail(HttpError.badRequest("send {\"on\": true} or {\"on\": false}"));
            return;
        }
        SlotAddress slot = slot(ctx);
        answer(ctx, 200, executors.file(() -> control.power(caller(ctx), slot, (Boolean) on)));
    }

    void reset(RoutingContext ctx) {
        SlotAddress slot = slot(ctx);
        answer(ctx, 200, executors.file(() -> control.reset(caller(ctx), slot)));
    }

    void flash(RoutingContext ctx) {
        SlotAddress slot = slot(ctx);
        byte[] elf =
                ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        answer(ctx, 202, executors.file(() -> control.flash(caller(ctx), slot, elf)));
    }

    void operation(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(HttpError.badRequest("an operation id is a number, got '" + ctx.pathParam("id") + "'"));
            return;
        }
        control.operation(id)
                .ifPresentOrElse(
                        op -> Responses.json(ctx, 200, toJson(op)),
                        () -> ctx.fail(HttpError.notFound("no operation " + id + " (only the last ones are kept)")));
    }

    private void answer(RoutingContext ctx, int status, Future<TargetOperation> op) {
        op.onSuccess(o -> {
                    if (status == 202) {
                        ctx.response().putHeader("Location", ApiServer.API + "/operations/" + o.id());
                    }
                    Responses.json(ctx, status, toJson(o));
                })
                .onFailure(e -> ctx.fail(e instanceof ControlRefusal r ? refusal(r) : e));
    }

    private Caller caller(RoutingContext ctx) {
        String name = ctx.get(Authenticator.TOKEN_NAME);
        return Caller.token(name, config.adminTokens().contains(name));
    }

    static SlotAddress slot(RoutingContext ctx) {
        try {
            int stack = Integer.parseInt(ctx.pathParam("stack"));
            int slot = Integer.parseInt(ctx.pathParam("slot"));
            return new SlotAddress(stack, slot);
        } catch (IllegalArgumentException e) {
            throw HttpError.notFound(
                    "there is no slot " + ctx.pathParam("stack") + "/" + ctx.pathParam("slot") + " in this rack");
        }
    }

    static JsonObject jsonBody(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (RuntimeException e) {
            throw HttpError.badRequest("the body is not a JSON object");
        }
    }

    private static HttpError refusal(ControlRefusal r) {
        int status =
                switch (r.reason()) {
                    case FORBIDDEN -> 403;
                    case NO_TARGET -> 404;
                    case BUSY -> 409;
                    case BAD_INPUT -> 400;
                };
        return new HttpError(status, r.getMessage());
    }

    static JsonObject toJson(TargetOperation op) {
        JsonObject json = new JsonObject()
                .put("id", op.id())
                .put("target", op.slot().stack() + "/" + op.slot().slot())
                .put("kind", op.kind().name().toLowerCase(Locale.ROOT))
                .put("state", op.state().name().toLowerCase(Locale.ROOT))
                .put("output", op.output())
                .put("requestedBy", op.requestedBy())
                .put("createdAt", op.createdAt().toString());
        op.endedAt().ifPresent(t -> json.put("endedAt", t.toString()));
        return json;
    }
}
