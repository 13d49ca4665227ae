package dev.hive.monitor.lease;

import static dev.hive.monitor.db.generated.Tables.LEASES;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.LeasesRecord;
import dev.hive.rack.model.SlotAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code leases} table: open leases and the history of ended ones. Plain blocking calls. */
public final class LeaseRepository {

    private final Database db;

    public LeaseRepository(Database db) {
        this.db = db;
    }

    /** Stores a new open lease and answers it with its id. */
    public Lease insert(
            SlotAddress slot,
            String targetName,
            int channel,
            Holder holder,
            String reason,
            Instant createdAt,
            Instant expiresAt,
            Instant capAt) {
        return insert(slot, targetName, channel, holder, reason, createdAt, expiresAt, capAt, Optional.empty());
    }

    /**
     * Stores a new lease: open (granted at {@code createdAt}) when {@code waitsForRun} is empty, else pending until
     * {@link #grant}.
     */
    public Lease insert(
            SlotAddress slot,
            String targetName,
            int channel,
            Holder holder,
            String reason,
            Instant createdAt,
            Instant expiresAt,
            Instant capAt,
            Optional<Long> waitsForRun) {
        LeasesRecord r = db.write(d -> d.insertInto(LEASES)
                .set(LEASES.STACK, slot.stack())
                .set(LEASES.SLOT, slot.slot())
                .set(LEASES.TARGET_NAME, targetName)
                .set(LEASES.CHANNEL, channel)
                .set(LEASES.HOLDER, holder.name())
                .set(LEASES.TOKEN_ID, holder.tokenId().map(Long::intValue).orElse(null))
                .set(LEASES.REASON, reason)
                .set(LEASES.CREATED_AT, createdAt.toEpochMilli())
                .set(LEASES.EXPIRES_AT, expiresAt.toEpochMilli())
                .set(LEASES.CAP_AT, capAt.toEpochMilli())
                .set(LEASES.GRANTED_AT, waitsForRun.isPresent() ? null : createdAt.toEpochMilli())
                .set(LEASES.WAITS_FOR_RUN, waitsForRun.orElse(null))
                .returning()
                .fetchOne());
        return toLease(r);
    }

    /** Moves an open lease's end; false when it is not open. */
    public boolean extend(long id, Instant expiresAt) {
        return db.write(d -> d.update(LEASES)
                        .set(LEASES.EXPIRES_AT, expiresAt.toEpochMilli())
                        .where(LEASES.ID.eq(id).and(LEASES.ENDED_AT.isNull()))
                        .execute())
                == 1;
    }

    /** Grants a pending lease as {@code granted} says (channel, grant time, end, cap); false when it is not pending. */
    public boolean grant(Lease granted) {
        return db.write(d -> d.update(LEASES)
                        .set(LEASES.CHANNEL, granted.channel())
                        .set(
                                LEASES.GRANTED_AT,
                                granted.grantedAt().orElseThrow().toEpochMilli())
                        .set(LEASES.EXPIRES_AT, granted.expiresAt().toEpochMilli())
                        .set(LEASES.CAP_AT, granted.capAt().toEpochMilli())
                        .where(LEASES.ID
                                .eq(granted.id())
                                .and(LEASES.ENDED_AT.isNull())
                                .and(LEASES.GRANTED_AT.isNull()))
                        .execute())
                == 1;
    }

    /** Ends a pending lease (never a granted one), with why; false when it is not pending any more. */
    public boolean endPending(long id, Instant at, LeaseEnd how, String by, String message) {
        return db.write(d -> d.update(LEASES)
                        .set(LEASES.ENDED_AT, at.toEpochMilli())
                        .set(LEASES.END_REASON, how.name())
                        .set(LEASES.ENDED_BY, by)
                        .set(LEASES.END_MESSAGE, message)
                        .where(LEASES.ID.eq(id).and(LEASES.ENDED_AT.isNull()).and(LEASES.GRANTED_AT.isNull()))
                        .execute())
                == 1;
    }

    /** Ends an open (granted) lease; false when it had ended already (so two enders cannot both win). */
    public boolean end(long id, Instant at, LeaseEnd how, String by) {
        return db.write(d -> d.update(LEASES)
                        .set(LEASES.ENDED_AT, at.toEpochMilli())
                        .set(LEASES.END_REASON, how.name())
                        .set(LEASES.ENDED_BY, by)
                        .where(LEASES.ID.eq(id).and(LEASES.ENDED_AT.isNull()).and(LEASES.GRANTED_AT.isNotNull()))
                        .execute())
                == 1;
    }

    /** Ends every open lease (a previous monitor process left them); answers how many. */
    public int endAllOpen(Instant at, LeaseEnd how) {
        return db.write(d -> d.update(LEASES)
                .set(LEASES.ENDED_AT, at.toEpochMilli())
                .set(LEASES.END_REASON, how.name())
                .set(LEASES.ENDED_BY, "monitor")
                .where(LEASES.ENDED_AT.isNull())
                .execute());
    }

    public Optional<Lease> find(long id) {
        return db.read(d -> d.selectFrom(LEASES).where(LEASES.ID.eq(id)).fetchOptional())
                .map(LeaseRepository::toLease);
    }

    /** The open and pending leases, oldest first. */
    public List<Lease> open() {
        return db.read(d -> d.selectFrom(LEASES)
                .where(LEASES.ENDED_AT.isNull())
                .orderBy(LEASES.ID)
                .fetch(LeaseRepository::toLease));
    }

    /** The newest {@code limit} leases, open or ended, newest first. */
    public List<Lease> recent(int limit) {
        return db.read(
                d -> d.selectFrom(LEASES).orderBy(LEASES.ID.desc()).limit(limit).fetch(LeaseRepository::toLease));
    }

    /** The newest {@code limit} leases of {@code targetName} in {@code slot}, open or ended, newest first. */
    public List<Lease> ofSlot(SlotAddress slot, String targetName, int limit) {
        return db.read(d -> d.selectFrom(LEASES)
                .where(LEASES.STACK
                        .eq(slot.stack())
                        .and(LEASES.SLOT.eq(slot.slot()))
                        .and(LEASES.TARGET_NAME.eq(targetName)))
                .orderBy(LEASES.ID.desc())
                .limit(limit)
                .fetch(LeaseRepository::toLease));
    }

    private static Lease toLease(LeasesRecord r) {
        return new Lease(
                r.getId(),
                new SlotAddress(r.getStack(), r.getSlot()),
                r.getTargetName(),
                r.getChannel(),
                r.getHolder(),
                Optional.ofNullable(r.getTokenId()).map(Integer::longValue),
                r.getReason(),
                Instant.ofEpochMilli(r.getCreatedAt()),
                Instant.ofEpochMilli(r.getExpiresAt()),
                Instant.ofEpochMilli(r.getCapAt()),
                Optional.ofNullable(r.getEndedAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(r.getEndReason()).map(LeaseEnd::valueOf),
                Optional.ofNullable(r.getEndedBy()),
                Optional.ofNullable(r.getGrantedAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(r.getWaitsForRun()),
                Optional.ofNullable(r.getEndMessage()));
    }
}
