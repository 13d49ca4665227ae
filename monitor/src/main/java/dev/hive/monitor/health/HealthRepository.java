package dev.hive.monitor.health;

import static dev.hive.monitor.db.generated.Tables.TARGET_HEALTH;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.TargetHealthRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every health change, newest last; a target's health is its newest row. Plain blocking calls; see {@link
 * Database} for threading.
 */
public final class HealthRepository {
    /** The most characters of a check's output that are kept. */
    public static final int MAX_OUTPUT_CHARS = 64 * 1024;

    private final Database db;

    public HealthRepository(Database db) {
        this.db = db;
    }

    /** The newest change of the target {@code name} in {@code stack/slot}, if it ever changed. */
    public Optional<HealthChange> latest(int stack, int slot, String name) {
        return db.read(d -> d.selectFrom(TARGET_HEALTH)
                .where(TARGET_HEALTH.STACK.eq(stack))
                .and(TARGET_HEALTH.SLOT.eq(slot))
                .and(TARGET_HEALTH.TARGET_NAME.eq(name))
                .orderBy(TARGET_HEALTH.ID.desc())
                .limit(1)
                .fetchOptional(HealthRepository::toChange));
    }

    /** The changes of the target {@code name} in {@code stack/slot}, newest first, at most {@code limit}. */
    public List<HealthChange> history(int stack, int slot, String name, int limit) {
        return db.read(d -> d.selectFrom(TARGET_HEALTH)
                .where(TARGET_HEALTH.STACK.eq(stack))
                .and(TARGET_HEALTH.SLOT.eq(slot))
                .and(TARGET_HEALTH.TARGET_NAME.eq(name))
                .orderBy(TARGET_HEALTH.ID.desc())
                .limit(limit)
                .fetch(HealthRepository::toChange));
    }

    /** Stores a change; returns it with its id. */
    public HealthChange append(HealthChange c) {
        String output = c.output()
                .map(o -> o.length() > MAX_OUTPUT_CHARS ? o.substring(o.length() - MAX_OUTPUT_CHARS) : o)
                .orElse(null);
        long id = db.write(d -> d.insertInto(TARGET_HEALTH)
                .set(TARGET_HEALTH.STACK, c.stack())
                .set(TARGET_HEALTH.SLOT, c.slot())
                .set(TARGET_HEALTH.TARGET_NAME, c.target())
                .set(TARGET_HEALTH.HEALTH, c.health().name())
                .set(TARGET_HEALTH.PREVIOUS, c.previous().name())
                .set(TARGET_HEALTH.KIND, c.kind().name())
                .set(TARGET_HEALTH.CHANGED_BY, c.by())
                .set(TARGET_HEALTH.REASON, c.reason())
                .set(TARGET_HEALTH.OUTPUT, output)
                .set(TARGET_HEALTH.RUN_ID, c.runId().orElse(null))
                .set(TARGET_HEALTH.CHANGED_AT, c.at().toEpochMilli())
                .returning(TARGET_HEALTH.ID)
                .fetchOne()
                .getId()
                .longValue());
        return new HealthChange(
                id,
                c.stack(),
                c.slot(),
                c.target(),
                c.health(),
                c.previous(),
                c.kind(),
                c.by(),
                c.reason(),
                Optional.ofNullable(output),
                c.runId(),
                c.at());
    }

    private static HealthChange toChange(TargetHealthRecord r) {
        return new HealthChange(
                r.getId(),
                r.getStack(),
                r.getSlot(),
                r.getTargetName(),
                Health.valueOf(r.getHealth()),
                Health.valueOf(r.getPrevious()),
                HealthChange.Kind.valueOf(r.getKind()),
                r.getChangedBy(),
                r.getReason(),
                Optional.ofNullable(r.getOutput()),
                Optional.ofNullable(r.getRunId()),
                Instant.ofEpochMilli(r.getChangedAt()));
    }
}
