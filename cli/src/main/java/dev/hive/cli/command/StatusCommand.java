package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.ExitCode;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.report.Console;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hive status}: the monitor's health, the queue, and the rack's health; against a fleet's front, every
 * rack's; in fleet mode, the hub connection.
 */
@Command(
        name = "status",
        description = "Show the monitor's health, the run queue and the rack's health.",
        mixinStandardHelpOptions = true)
public final class StatusCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    public StatusCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        Console out = context.console();
        MonitorClient client = global.client(context);
        JsonNode health = client.health();
        out.line("Monitor " + client.url() + ": " + health.path("status").asText("?") + " (version "
                + health.path("version").asText("?") + ", database "
                + health.path("database").asText("?") + ")");
        JsonNode sandbox = health.path("sandbox");
        if (!sandbox.isMissingNode()) {
            String text = "Sandbox: "
                    + sandbox.path("message").asText(sandbox.path("mode").asText("?"));
            out.line(
                    sandbox.path("isolated").asBoolean(true) ? text : out.yellow(text + " (runners are not isolated)"));
        }
        out.line("Queue: " + health.path("queueLength").asInt() + " runs waiting for the rack, "
                + health.path("pendingTickets").asInt() + " waiting for their client");
        JsonNode runs = client.get("/api/v1/runs?limit=50");
        for (JsonNode run : runs.path("runs")) {
            String state = run.path("state").asText();
            if (state.equals("running") || state.equals("queued")) {
                out.line("  run " + run.path("id").asLong() + " " + state + " since "
                        + run.path(state.equals("running") ? "startedAt" : "createdAt")
                                .asText("?"));
            }
        }
        String role = FleetReport.role(health);
        if (role.equals("front")) {
            // a front has no rack of its own: the fleet's racks are its rack
            FleetReport.status(FleetReport.fleet(client), out, Instant.now());
            return ExitCode.OK;
        }
        JsonNode capabilities = client.get("/api/v1/capabilities");
        out.line("Rack: " + readiness(capabilities));
        printNotReady(capabilities, out, "  ");
        if (role.equals("rack")) {
            FleetReport.hub(FleetReport.fleet(client), out);
        }
        return ExitCode.OK;
    }

    /** e.g. {@code 2 of 2 probes ready, 1 of 2 targets ready}. */
    static String readiness(JsonNode capabilities) {
        return count(capabilities.path("probes")) + " of "
                + capabilities.path("probes").size() + " probes ready, "
                + count(capabilities.path("targets")) + " of "
                + capabilities.path("targets").size()
                + " targets ready";
    }

    /** A line per probe or target that is not ready, with its state. */
    static void printNotReady(JsonNode capabilities, Console out, String indent) {
        for (String kind : new String[] {"probes", "targets"}) {
            for (JsonNode n : capabilities.path(kind)) {
                if (!ListCommand.healthy(n.path("state").asText())) {
                    out.line(indent
                            + out.yellow(n.path(kind.equals("probes") ? "identifier" : "name")
                                    .asText()) + ": " + n.path("state").asText());
                }
            }
        }
    }

    private static long count(JsonNode nodes) {
        long n = 0;
        for (JsonNode node : nodes) {
            if (ListCommand.healthy(node.path("state").asText())) {
                n++;
            }
        }
        return n;
    }
}
