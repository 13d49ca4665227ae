package dev.hive.monitor.fleet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub connection as {@code /healthz} shows it.
 *
 * @param server the hub URL connected to, or last tried
 * @param lastError the last connection or publishing error, kept after a recovery so an admin can see it
 * @param lastPublished when this rack's inventory last reached the hub
 * @param since when the link came into {@code state} (the monitor's start for the first {@code CONNECTING})
 */
public record FleetStatus(
        String rackId,
        State state,
        Instant since,
        Optional<String> server,
        Optional<String> lastError,
        Optional<Instant> lastPublished) {

    public FleetStatus {
        Objects.requireNonNull(rackId, "rackId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastPublished, "lastPublished");
    }

    /** Where the link is. */
    public enum State {
        /** Not connected yet since the monitor started. */
        CONNECTING,
        CONNECTED,
        /** Was connected, lost the hub, and is trying again. */
        RECONNECTING,
        /** The monitor is stopping. */
        CLOSED
    }
}
