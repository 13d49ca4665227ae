package dev.hive.monitor.web;

import dev.hive.monitor.fleet.FleetStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** {@code GET /healthz} and {@code GET /api/v1/capabilities}. */
final class SystemRoutes {

    static final long VIEW_AGE_MILLIS = 1_000;

    private final ApiDependencies deps;
    private final Executors executors;
    /** The answer encoded once: every client polling within {@link #VIEW_AGE_MILLIS} is sent the same bytes. */
    private final SharedSnapshot capabilities;

    SystemRoutes(ApiDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
        this.capabilities = new SharedSnapshot(
                executors, () -> toJson(deps.rack().get()).toBuffer(), VIEW_AGE_MILLIS * 1_000_000, System::nanoTime);
    }

    void health(RoutingContext ctx) {
        executors
                .read(() -> deps.database().read(d -> d.selectOne().fetchOne().value1()))
                .map(one -> "ok")
                .otherwise(e -> "failing: " + e.getMessage())
                .onSuccess(database -> {
                    boolean ok = database.equals("ok");
                    JsonObject body = new JsonObject()
                            .put("status", ok ? "ok" : "degraded")
                            .put("version", deps.version())
                            .put("database", database)
                            .put("queueLength", deps.queue().size())
                            .put("pendingTickets", deps.tickets().pendingCount())
                            .put(
                                    "sandbox",
                                    new JsonObject()
                                            .put(
                                                    "mode",
                                                    deps.sandbox()
                                                            .effective()
                                                            .name()
                                                            .toLowerCase(Locale.ROOT))
                                            .put("isolated", deps.sandbox().isolated())
                                            .put("message", deps.sandbox().message()));
                    deps.fleet()
                            .get()
                            .ifPresent(fleet -> body.put(
                                    "fleet",
                                    toJson(fleet.status())
                                            .put("role", fleet.role().name().toLowerCase(Locale.ROOT))));
                    Responses.json(ctx, ok ? 200 : 503, body);
                });
    }

    /**
     * The rack as seen at most {@link #VIEW_AGE_MILLIS} ago: the backend is asked (on a worker: it may block) at
     * most that often however many clients poll, and once per expiry however many poll at that moment.
     */
    void capabilities(RoutingContext ctx) {
        capabilities.get().onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    /** The hub connection; it does not make the monitor unhealthy: the rack works without the hub. */
    static JsonObject toJson(FleetStatus fleet) {
        JsonObject json = new JsonObject()
                .put("rackId", fleet.rackId())
                .put("state", fleet.state().name().toLowerCase(Locale.ROOT));
        fleet.server().ifPresent(s -> json.put("server", s));
        fleet.lastError().ifPresent(e -> json.put("lastError", e));
        fleet.lastPublished().ifPresent(t -> json.put("lastPublishedAt", t.toString()));
        return json;
    }

    private static JsonObject toJson(RackView rack) {
        JsonArray probes = new JsonArray();
        rack.probes()
                .forEach(p -> probes.add(new JsonObject()
                        .put("identifier", p.identifier())
                        .put("serial", p.serial())
                        .put("state", p.state())));
        JsonArray targets = new JsonArray();
        rack.targets().forEach(t -> {
            JsonObject target =
                    new JsonObject().put("name", t.name()).put("slot", t.slot()).put("state", t.state());
            if (t.health() != null) {
                target.put("health", t.health());
            }
            targets.add(target);
        });
        return new JsonObject().put("probes", probes).put("targets", targets);
    }
}
