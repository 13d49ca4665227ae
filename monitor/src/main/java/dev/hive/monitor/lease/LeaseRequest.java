package dev.hive.monitor.lease;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a client asks for.
 *
 * @param target a target name from the rack (the first free slot holding it) or a slot address {@code stack/slot}
 * @param channel the testchannel (probe) to serve it, by index; empty: the first free channel that reaches it
 * @param minutes how long; empty: the configured default
 * @param reason why (kept with the lease), may be empty
 * @param waitForRun when a run in progress is all that keeps the target from being leased: store the lease as pending and
 *     grant it when the run ends (instead of refusing it)
 */
public record LeaseRequest(String target, OptionalInt channel, OptionalInt minutes, String reason, boolean waitForRun) {

    public LeaseRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(minutes, "minutes");
        reason = Optional.ofNullable(reason).orElse("");
    }

    /** A request that does not wait for a run. */
    public LeaseRequest(String target, OptionalInt channel, OptionalInt minutes, String reason) {
        this(target, channel, minutes, reason, false);
    }
}
