package dev.hive.monitor.web;

import dev.hive.monitor.fleet.FleetRoster;
import dev.hive.monitor.fleet.FleetStatus;
import dev.hive.protocol.fleet.RackInventory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/** {@code GET /api/v1/fleet}: this monitor's role and hub connection and, on a front, the fleet's racks. */
final class FleetRoutes {

    private final ApiDependencies deps;
    private final Executors executors;

    FleetRoutes(ApiDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void show(RoutingContext ctx) {
        Optional<FleetRoster> fleet = deps.fleet().get();
        if (fleet.isEmpty()) {
            ctx.fail(HttpError.notFound("this monitor is not in a fleet (fleet.enabled is false)"));
            return;
        }
        // reading the racks asks the hub: not on the event loop
        executors
                .file(() -> toJson(fleet.get().overview()))
                .onSuccess(body -> Responses.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** The overview as docs/api.md shows it. */
    static JsonObject toJson(FleetRoster.Overview overview) {
        JsonObject body = new JsonObject()
                .put("role", overview.role().name().toLowerCase(Locale.ROOT))
                .put("hub", hub(overview.hub()));
        if (overview.role() == dev.hive.monitor.config.FleetRole.FRONT) {
            JsonArray racks = new JsonArray();
            overview.racks().forEach(r -> racks.add(rack(r)));
            body.put("racks", racks);
            overview.racksReadAt().ifPresent(t -> body.put("racksReadAt", t.toString()));
            overview.racksError().ifPresent(e -> body.put("racksError", e));
        }
        return body;
    }

    static JsonObject hub(FleetStatus status) {
        JsonObject hub = new JsonObject()
                .put("rackId", status.rackId())
                .put("state", status.state().name().toLowerCase(Locale.ROOT))
                .put("since", status.since().toString());
        status.server().ifPresent(s -> hub.put("server", s));
        status.lastError().ifPresent(e -> hub.put("reason", e));
        status.lastPublished().ifPresent(t -> hub.put("lastPublishedAt", t.toString()));
        return hub;
    }

    private static JsonObject rack(FleetRoster.Rack rack) {
        RackInventory inv = rack.inventory();
        JsonArray targets = new JsonArray();
        for (RackInventory.Target t : inv.targets()) {
            JsonObject target =
                    new JsonObject().put("name", t.name()).put("slot", t.slot()).put("state", t.state());
            if (t.health() != null) {
                target.put("health", t.health());
            }
            targets.add(target);
        }
        JsonArray probes = new JsonArray();
        inv.probes()
                .forEach(p -> probes.add(new JsonObject()
                        .put("identifier", p.identifier())
                        .put("serial", p.serial())
                        .put("state", p.state())));
        return new JsonObject()
                .put("id", inv.rackId())
                .put("lab", inv.lab())
                .put("version", inv.monitorVersion())
                .put("live", rack.live())
                .put("busy", inv.busy())
                .put("queueLength", inv.queueLength())
                .put("lastSeen", inv.publishedAt().toString())
                .put("channels", inv.channels())
                .put("targets", targets)
                .put("probes", probes);
    }
}
