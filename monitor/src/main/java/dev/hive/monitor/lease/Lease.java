package dev.hive.monitor.lease;

import dev.hive.rack.model.SlotAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One lease: pending (asked for with {@code wait} while a run was in progress, not granted yet), open, or ended.
 *
 * @param slot the leased target's slot
 * @param channel the testchannel (probe) serving it; while pending, the one asked for or {@code -1} for any
 * @param holder who holds it ({@link Holder#name()})
 * @param reason why, as the holder said
 * @param createdAt when it was asked for
 * @param expiresAt when the monitor ends it unless it is extended (while pending: measured from the request)
 * @param capAt the latest it may be extended to (while pending: measured from the request)
 * @param endedAt when it ended; empty while it is pending or open
 * @param end how it ended; empty while it is pending or open
 * @param endedBy who ended it (the holder, an admin, or {@code monitor})
 * @param grantedAt when it was granted; empty while it is pending (or when it ended pending)
 * @param waitsForRun the run a lease asked for with {@code wait} waited (or waits) for
 * @param endMessage why the monitor ended it, when it says more than {@link #end()} (a refused pending lease)
 */
public record Lease(
        long id,
        SlotAddress slot,
        String targetName,
        int channel,
        String holder,
        Optional<Long> tokenId,
        String reason,
        Instant createdAt,
        Instant expiresAt,
        Instant capAt,
        Optional<Instant> endedAt,
        Optional<LeaseEnd> end,
        Optional<String> endedBy,
        Optional<Instant> grantedAt,
        Optional<Long> waitsForRun,
        Optional<String> endMessage) {

    public Lease {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(endedBy, "endedBy");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(waitsForRun, "waitsForRun");
        Objects.requireNonNull(endMessage, "endMessage");
    }

    /** Granted and not ended. */
    public boolean open() {
        return endedAt.isEmpty() && grantedAt.isPresent();
    }

    /** Waiting for a run's end, not granted yet. */
    public boolean pending() {
        return endedAt.isEmpty() && grantedAt.isEmpty();
    }

    /** {@code pending}, {@code open} or {@code ended}: the state clients see. */
    public String state() {
        return pending() ? "pending" : open() ? "open" : "ended";
    }

    /** Whether {@code who} holds this lease (same holder name). */
    public boolean heldBy(Holder who) {
        return holder.equals(who.name());
    }

    Lease withExpiry(Instant newExpiry) {
        return new Lease(
                id,
                slot,
                targetName,
                channel,
                holder,
                tokenId,
                reason,
                createdAt,
                newExpiry,
                capAt,
                endedAt,
                end,
                endedBy,
                grantedAt,
                waitsForRun,
                endMessage);
    }

    /** This pending lease granted {@code at} on {@code onChannel}: its end and cap move by the time it waited. */
    Lease granted(Instant at, int onChannel) {
        Duration waited = Duration.between(createdAt, at);
        return new Lease(
                id,
                slot,
                targetName,
                onChannel,
                holder,
                tokenId,
                reason,
                createdAt,
                expiresAt.plus(waited),
                capAt.plus(waited),
                endedAt,
                end,
                endedBy,
                Optional.of(at),
                waitsForRun,
                endMessage);
    }

    Lease ended(Instant at, LeaseEnd how, String by) {
        return ended(at, how, by, Optional.empty());
    }

    Lease ended(Instant at, LeaseEnd how, String by, Optional<String> message) {
        return new Lease(
                id,
                slot,
                targetName,
                channel,
                holder,
                tokenId,
                reason,
                createdAt,
                expiresAt,
                capAt,
                Optional.of(at),
                Optional.of(how),
                Optional.of(by),
                grantedAt,
                waitsForRun,
                message);
    }
}
