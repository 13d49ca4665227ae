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
 */
public record FleetStatus(
        String rackId,
        State state,
        Optional<String> server,
        Optional<String> lastError,
        Optional<Instant> lastPublished) {

    public FleetStatus {
        Objects.requireNonNull(rackId, "rackId");
        Objects.requireNonNull(state, "state");
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
