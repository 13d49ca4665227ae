package dev.hive.monitor.web;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.fleet.FleetRoster;
import dev.hive.monitor.sandbox.SandboxStatus;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunTickets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP surface needs from the rest of the monitor, built once by the composition root.
 *
 * @param fleet the fleet (hub connection, role, racks), empty when fleet mode is off
 */
public record ApiDependencies(
        MonitorConfig config,
        String version,
        Database database,
        ApiTokenRepository tokens,
        RunRepository runs,
        ResultRepository results,
        RunQueue queue,
        RunTickets tickets,
        Supplier<RackView> rack,
        RunControl runControl,
        RunEventHub events,
        SandboxStatus sandbox,
        Supplier<Optional<FleetRoster>> fleet) {

    public ApiDependencies {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(tickets, "tickets");
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(runControl, "runControl");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(fleet, "fleet");
    }
}
