package dev.hive.cli.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.cli.client.MonitorClient;
import java.util.Optional;

/** The monitor's {@code /api/v1/leases} routes. */
public final class LeaseClient {

    private final MonitorClient client;

    public LeaseClient(MonitorClient client) {
        this.client = client;
    }

    public MonitorClient monitor() {
        return client;
    }

    /** Leases {@code target} (a name or {@code stack/slot}). */
    public JsonNode create(String target, Integer probe, Integer minutes, String reason) {
        return create(target, probe, minutes, reason, false);
    }

    /**
     * Leases {@code target}; with {@code wait}, a target that only a run in progress keeps busy answers a pending
     * lease ({@code state} {@code pending}, {@code waitsForRun}), granted when the run ends ({@link LeaseWaiter}).
     */
    public JsonNode create(String target, Integer probe, Integer minutes, String reason, boolean wait) {
        ObjectNode body = client.json().createObjectNode().put("target", target);
        if (wait) {
            body.put("wait", true);
        }
        if (probe != null) {
            body.put("probe", probe);
        }
        if (minutes != null) {
            body.put("minutes", minutes);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return client.post("/api/v1/leases", body);
    }

    public JsonNode find(long id) {
        return client.get("/api/v1/leases/" + id);
    }

    public JsonNode extend(long id, Integer minutes) {
        ObjectNode body = client.json().createObjectNode();
        if (minutes != null) {
            body.put("minutes", minutes);
        }
        return client.post("/api/v1/leases/" + id + "/extend", body);
    }

    public JsonNode release(long id) {
        return client.delete("/api/v1/leases/" + id);
    }

    public JsonNode list(boolean all) {
        return client.get("/api/v1/leases" + (all ? "?all=true" : ""));
    }

    /** The path (with a fresh single-use ticket) of the lease's {@code gdb} or {@code uart} stream. */
    public String streamPath(long id, String stream) {
        return client.post(
                        "/api/v1/leases/" + id + "/tickets",
                        client.json().createObjectNode().put("stream", stream))
                .path("path")
                .asText();
    }

    /** An open lease of {@code target} (name or slot) held by {@code holder}, if there is one. */
    public Optional<JsonNode> openLeaseOf(String target, String holder) {
        for (JsonNode lease : list(false).path("leases")) {
            if (!"open".equals(lease.path("state").asText())) {
                continue; // pending
            }
            boolean same = lease.path("target").asText().equals(target)
                    || lease.path("slot").asText().equals(target);
            if (same && (holder == null || lease.path("holder").asText().equals(holder))) {
                return Optional.of(lease);
            }
        }
        return Optional.empty();
    }
}
