package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.ExitCode;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.report.Console;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hive list}: the rack's probes and targets with their states; against a fleet's front, every rack's. */
@Command(
        name = "list",
        description = "List the rack's probes and targets with their states.",
        mixinStandardHelpOptions = true)
public final class ListCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    public ListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        MonitorClient client = global.client(context);
        // a front runs nothing itself: its racks are what a user can run on
        if (FleetReport.role(client.health()).equals("front")) {
            FleetReport.list(FleetReport.fleet(client), context.console(), Instant.now());
            return ExitCode.OK;
        }
        JsonNode capabilities = client.get("/api/v1/capabilities");
        print(capabilities, context.console());
        return ExitCode.OK;
    }

    static void print(JsonNode capabilities, Console out) {
        print(capabilities, out, "");
    }

    /** The probes and targets of {@code capabilities} (or of one rack of the fleet), each line after {@code indent}. */
    static void print(JsonNode capabilities, Console out, String indent) {
        out.line(
                indent + out.bold("Probes") + " (" + capabilities.path("probes").size() + ")");
        for (JsonNode p : capabilities.path("probes")) {
            out.line(indent
                    + "  %-24s S/N %-16s %s"
                            .formatted(
                                    p.path("identifier").asText(),
                                    p.path("serial").asText("-"),
                                    state(p, out)));
        }
        out.line(indent + out.bold("Targets") + " ("
                + capabilities.path("targets").size() + ")");
        for (JsonNode t : capabilities.path("targets")) {
            out.line(indent
                    + "  %-24s slot %-6s %s%s"
                            .formatted(
                                    t.path("name").asText(),
                                    t.path("slot").asText("-"),
                                    state(t, out),
                                    health(t, out)));
        }
    }

    /** The target's health (docs/health.md) when the monitor keeps it; runs skip all but GOOD and UNKNOWN. */
    private static String health(JsonNode target, Console out) {
        String health = target.path("health").asText("");
        if (health.isEmpty()) {
            return "";
        }
        boolean usable = health.equals("GOOD") || health.equals("UNKNOWN");
        return ", health " + (usable ? health : out.yellow(health + " (skipped by runs)"));
    }

    private static String state(JsonNode node, Console out) {
        String state = node.path("state").asText("unknown");
        return healthy(state) ? out.green(state) : out.yellow(state);
    }

    static boolean healthy(String state) {
        return state.equals("ready") || state.equals("flashed") || state.equals("known");
    }
}
