package dev.hive.monitor.web;

import dev.hive.monitor.lease.LeaseStreams;
import dev.hive.monitor.lease.Leases;
import java.util.Objects;

/** What {@code /api/v1/leases} is built from (the composition root makes both). */
public record LeaseApi(Leases leases, LeaseStreams streams) {

    public LeaseApi {
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(streams, "streams");
    }
}
