package dev.hive.monitor.web;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.rack.model.SlotAddress;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /api/v1/targets/{stack}/{slot}/health} {@code {"health", "reason"}}: an admin token sets a target's
 * health, kept in its history with who, when and why ({@code docs/health.md}); as GraphQL's {@code
 * setTargetHealth} for a web admin.
 */
final class HealthRoutes {

    static final int MAX_REASON_CHARS = 500;

    private final TargetHealth health;
    private final MonitorConfig config;
    private final Executors executors;
    private final Runnable changed;

    /** {@code changed} is told after each change (the dashboard's rack view). */
    HealthRoutes(TargetHealth health, MonitorConfig config, Executors executors, Runnable changed) {
        this.health = health;
        this.config = config;
        this.executors = executors;
        this.changed = changed;
    }

    void set(RoutingContext ctx) {
        String name = ctx.get(Authenticator.TOKEN_NAME);
        if (!config.adminTokens().contains(name)) {
            throw new HttpError(403, "'" + name + "' may not set a target's health: admins only");
        }
        SlotAddress slot = TargetRoutes.slot(ctx);
        JsonObject body = TargetRoutes.jsonBody(ctx);
        Health to = health(body.getValue("health"));
        Object given = body.getValue("reason");
        String reason = given instanceof String s ? s.strip() : "";
        if (reason.isEmpty()) {
            throw HttpError.badRequest("a reason is required: say why the health changes");
        }
        if (reason.length() > MAX_REASON_CHARS) {
            throw HttpError.badRequest("the reason is longer than " + MAX_REASON_CHARS + " characters");
        }
        executors
                .write(() -> {
                    try {
                        HealthChange change = health.set(
                                slot, to, HealthChange.Kind.SET, name, reason, Optional.empty(), Optional.empty());
                        changed.run();
                        return change;
                    } catch (TargetHealth.UnknownTargetException e) {
                        throw HttpError.notFound(e.getMessage());
                    }
                })
                .onSuccess(change -> Responses.json(ctx, 200, toJson(change)))
                .onFailure(ctx::fail);
    }

    private static Health health(Object value) {
        String known =
                String.join(", ", Arrays.stream(Health.values()).map(Enum::name).toList());
        if (!(value instanceof String s)) {
            throw HttpError.badRequest("send {\"health\": one of " + known + ", \"reason\": \"...\"}");
        }
        try {
            return Health.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("health must be one of " + known + ", got '" + s + "'");
        }
    }

    static JsonObject toJson(HealthChange c) {
        return new JsonObject()
                .put("slot", c.stack() + "/" + c.slot())
                .put("target", c.target())
                .put("health", c.health().name())
                .put("previous", c.previous().name())
                .put("kind", c.kind().name())
                .put("by", c.by())
                .put("reason", c.reason())
                .put("at", c.at().toString());
    }
}
