package dev.hive.monitor.lease;

import dev.hive.rack.model.SlotAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One lease, open or ended.
 *
 * @param slot the leased target's slot
 * @param channel the testchannel (probe) serving it
 * @param holder who holds it ({@link Holder#name()})
 * @param reason why, as the holder said
 * @param expiresAt when the monitor ends it unless it is extended
 * @param capAt the latest it may be extended to
 * @param endedAt when it ended; empty while it is open
 * @param end how it ended; empty while it is open
 * @param endedBy who ended it (the holder, an admin, or {@code monitor})
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
        Optional<String> endedBy) {

    public Lease {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(endedBy, "endedBy");
    }

    public boolean open() {
        return endedAt.isEmpty();
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
                endedBy);
    }

    Lease ended(Instant at, LeaseEnd how, String by) {
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
                Optional.of(by));
    }
}
