package dev.hive.monitor;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.lease.GdbServers;
import dev.hive.monitor.lease.LeaseRepository;
import dev.hive.monitor.lease.LeaseReservations;
import dev.hive.monitor.lease.LeaseStreams;
import dev.hive.monitor.lease.LeaseTargetHealth;
import dev.hive.monitor.lease.Leases;
import dev.hive.monitor.lease.RackRestore;
import dev.hive.monitor.lease.SerialGdbStreams;
import dev.hive.monitor.lease.SerialUarts;
import dev.hive.monitor.web.graphql.LiveEvents;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Leases take a dozen parts to wire (the restore at a lease's end, the health hook, GDB servers and serial
 * streams listening to the leases, the WebSocket streams over them), in an order that matters for stopping.
 * This record is that step and the two parts the API needs, so the composition root starts leases in one line.
 */
record LeaseStart(Leases leases, LeaseStreams streams) {

    /**
     * Makes and starts the leases and their streams, adding each part to {@code parts} (the streams before the
     * leases, so the leases stop first); {@code reservations} are the ones the task runner already honours.
     */
    static LeaseStart start(
            Vertx vertx,
            MonitorConfig config,
            Database database,
            RackStart racked,
            LeaseReservations reservations,
            TargetHealth health,
            LiveEvents live,
            Clock clock,
            StartedParts parts) {
        var rack = racked.rack();
        var leases = new Leases(
                config.leases(),
                new LeaseRepository(database),
                rack,
                reservations,
                new RackRestore(rack, racked.activeBuild()),
                new LeaseTargetHealth(health),
                clock);
        var gdbServers = new GdbServers(vertx, rack::current, racked.activeBuild());
        leases.addListener(gdbServers);
        parts.add(gdbServers);
        var serialGdb = new SerialGdbStreams(vertx, rack::current);
        leases.addListener(serialGdb);
        parts.add(serialGdb);
        var serialUarts = new SerialUarts(vertx, () -> rack.current().config());
        var streams = new LeaseStreams(
                vertx, leases, rack, config.leases().uartBufferBytes(), gdbServers, serialGdb, serialUarts);
        parts.add(streams);
        leases.addListener(live);
        leases.start();
        parts.add(leases);
        return new LeaseStart(leases, streams);
    }
}
