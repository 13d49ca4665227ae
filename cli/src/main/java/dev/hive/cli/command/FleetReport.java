package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.report.Console;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What {@code hive list} and {@code hive status} show of a fleet (docs/fleet.md): against a front, a section per
 * rack of {@code GET /api/v1/fleet}; against any monitor in fleet mode, its hub connection.
 */
final class FleetReport {

    private FleetReport() {}

    /** The monitor's role in a fleet, from its {@code /healthz}: {@code front}, {@code rack}, or "" without one. */
    static String role(JsonNode health) {
        return health.path("fleet").path("role").asText("");
    }

    /** {@code GET /api/v1/fleet} of a front. */
    static JsonNode fleet(MonitorClient client) {
        return client.get("/api/v1/fleet");
    }

    /** One line on the hub connection, e.g. {@code Fleet: front 'front', hub nats://… connected since …}. */
    static void hub(JsonNode fleet, Console out) {
        JsonNode hub = fleet.path("hub");
        String state = hub.path("state").asText("?");
        String text = "Fleet: " + fleet.path("role").asText("?") + " '"
                + hub.path("rackId").asText("?") + "', hub "
                + hub.path("server").asText("(none yet)") + " " + state + " since "
                + hub.path("since").asText("?");
        String reason = hub.path("reason").asText("");
        if (!state.equals("connected")) {
            out.line(out.yellow(text + (reason.isEmpty() ? "" : " (" + reason + ")")));
        } else {
            out.line(text);
        }
        if (fleet.has("racksError")) {
            out.line(out.yellow("  " + fleet.path("racksError").asText()));
        }
    }

    /** {@code hive list} against a front: each rack with its probes and targets. */
    static void list(JsonNode fleet, Console out, Instant now) {
        hub(fleet, out);
        JsonNode racks = fleet.path("racks");
        out.line(out.bold("Racks") + " (" + racks.size() + ", " + live(racks) + " live)");
        for (JsonNode rack : racks) {
            out.line("");
            out.line(heading(rack, out, now));
            ListCommand.print(rack, out, "  ");
        }
    }

    /** {@code hive status} against a front: each rack's state in a line or two, what is not ready below it. */
    static void status(JsonNode fleet, Console out, Instant now) {
        hub(fleet, out);
        JsonNode racks = fleet.path("racks");
        out.line("Racks: " + racks.size() + ", " + live(racks) + " live");
        for (JsonNode rack : racks) {
            out.line(heading(rack, out, now) + "; " + StatusCommand.readiness(rack));
            if (rack.path("live").asBoolean()) {
                StatusCommand.printNotReady(rack, out, "    ");
            }
        }
    }

    private static long live(JsonNode racks) {
        long n = 0;
        for (JsonNode r : racks) {
            if (r.path("live").asBoolean()) {
                n++;
            }
        }
        return n;
    }

    /** e.g. {@code Rack lab1-rack-a (lab lab1, 0.1.0): busy, 2 queued, last seen … (3 s ago)}. */
    private static String heading(JsonNode rack, Console out, Instant now) {
        String name = out.bold("Rack " + rack.path("id").asText("?")) + " (lab "
                + rack.path("lab").asText("?") + ", " + rack.path("version").asText("?") + "): ";
        String lastSeen = "last seen " + rack.path("lastSeen").asText("?") + age(rack.path("lastSeen"), now);
        if (!rack.path("live").asBoolean()) {
            return name + out.yellow("gone (stopped reporting), " + lastSeen);
        }
        String activity = rack.path("busy").asBoolean() ? "busy" : "idle";
        return name + activity + ", " + rack.path("queueLength").asInt() + " queued, " + lastSeen;
    }

    private static String age(JsonNode when, Instant now) {
        try {
            long seconds = Duration.between(Instant.parse(when.asText()), now).toSeconds();
            return seconds < 0 ? "" : " (" + seconds + " s ago)";
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}
