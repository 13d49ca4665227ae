package dev.hive.monitor.fleet;

import static dev.hive.monitor.db.generated.Tables.FLEET_SHARDS;
import static dev.hive.monitor.db.generated.Tables.FLEET_SHARD_ATTEMPTS;
import static dev.hive.monitor.db.generated.Tables.RUNS;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.task.RunState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shards of the front's fleet runs and their attempts, in the database so a front that restarts still shows
 * them (table {@code fleet_shards}, migration V7). Plain blocking calls; see {@link Database} for threading.
 */
public final class ShardRepository {

    private final Database db;
    private final Clock clock;

    public ShardRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The run's shards, queued, one per target, each pinned to {@code pinnedRack} (null: to no rack). */
    void create(long runId, List<String> targets, String pinnedRack) {
        db.write(d -> {
            for (String target : targets) {
                d.insertInto(FLEET_SHARDS)
                        .set(FLEET_SHARDS.RUN_ID, runId)
                        .set(FLEET_SHARDS.TARGET, target)
                        .set(FLEET_SHARDS.PINNED_RACK, pinnedRack)
                        .set(FLEET_SHARDS.STATE, ShardState.QUEUED.dbName())
                        .onConflictDoNothing()
                        .execute();
            }
            return null;
        });
    }

    /** A rack reported attempt {@code attempt}: an earlier attempt still open was lost; the shard runs. */
    void attemptStarted(long runId, String target, int attempt, String rack) {
        long now = clock.millis();
        db.write(d -> {
            d.update(FLEET_SHARD_ATTEMPTS)
                    .set(FLEET_SHARD_ATTEMPTS.ENDED_AT, now)
                    .set(FLEET_SHARD_ATTEMPTS.OUTCOME, ShardState.LOST.dbName())
                    .where(FLEET_SHARD_ATTEMPTS.RUN_ID.eq(runId))
                    .and(FLEET_SHARD_ATTEMPTS.TARGET.eq(target))
                    .and(FLEET_SHARD_ATTEMPTS.ENDED_AT.isNull())
                    .execute();
            d.insertInto(FLEET_SHARD_ATTEMPTS)
                    .set(FLEET_SHARD_ATTEMPTS.RUN_ID, runId)
                    .set(FLEET_SHARD_ATTEMPTS.TARGET, target)
                    .set(FLEET_SHARD_ATTEMPTS.ATTEMPT, attempt)
                    .set(FLEET_SHARD_ATTEMPTS.RACK, rack)
                    .set(FLEET_SHARD_ATTEMPTS.STARTED_AT, now)
                    .onConflictDoNothing()
                    .execute();
            return d.update(FLEET_SHARDS)
                    .set(FLEET_SHARDS.STATE, ShardState.RUNNING.dbName())
                    .where(FLEET_SHARDS.RUN_ID.eq(runId))
                    .and(FLEET_SHARDS.TARGET.eq(target))
                    .execute();
        });
    }

    /** The shard ended in {@code state}; its open attempt (if any) ends with that outcome. */
    void ended(long runId, String target, ShardState state, String error) {
        long now = clock.millis();
        db.write(d -> {
            d.update(FLEET_SHARD_ATTEMPTS)
                    .set(FLEET_SHARD_ATTEMPTS.ENDED_AT, now)
                    .set(FLEET_SHARD_ATTEMPTS.OUTCOME, state.dbName())
                    .where(FLEET_SHARD_ATTEMPTS.RUN_ID.eq(runId))
                    .and(FLEET_SHARD_ATTEMPTS.TARGET.eq(target))
                    .and(FLEET_SHARD_ATTEMPTS.ENDED_AT.isNull())
                    .execute();
            return d.update(FLEET_SHARDS)
                    .set(FLEET_SHARDS.STATE, state.dbName())
                    .set(FLEET_SHARDS.ERROR, error)
                    .where(FLEET_SHARDS.RUN_ID.eq(runId))
                    .and(FLEET_SHARDS.TARGET.eq(target))
                    .execute();
        });
    }

    /** Shard {@code target}'s message is number {@code sequence} of the work queue. */
    void published(long runId, String target, long sequence) {
        db.write(d -> d.update(FLEET_SHARDS)
                .set(FLEET_SHARDS.WORK_SEQUENCE, sequence)
                .where(FLEET_SHARDS.RUN_ID.eq(runId))
                .and(FLEET_SHARDS.TARGET.eq(target))
                .execute());
    }

    /** The shard's log lines are stored up to its event number {@code sequence} of the events stream. */
    void logged(long runId, String target, long sequence) {
        db.write(d -> d.update(FLEET_SHARDS)
                .set(FLEET_SHARDS.LOGGED_THROUGH, sequence)
                .where(FLEET_SHARDS.RUN_ID.eq(runId))
                .and(FLEET_SHARDS.TARGET.eq(target))
                .execute());
    }

    /**
     * The fleet runs left {@code running} (by a front that stopped or died while they ran): a front picks them up
     * again when it starts ({@link FrontResume}).
     */
    public List<Long> unended() {
        return db.read(d -> d.selectDistinct(FLEET_SHARDS.RUN_ID)
                .from(FLEET_SHARDS)
                .join(RUNS)
                .on(RUNS.ID.eq(FLEET_SHARDS.RUN_ID))
                .where(RUNS.STATE.eq(RunState.RUNNING.dbName()))
                .orderBy(FLEET_SHARDS.RUN_ID)
                .fetch(FLEET_SHARDS.RUN_ID));
    }

    /**
     * One shard as stored, to pick its run up again.
     *
     * @param workSequence its message on the work queue, 0 when its publication was not stored
     * @param attempt the newest attempt stored, 0 when none
     * @param rack the rack of that attempt, null when none
     * @param loggedThrough the events stream number of its last log line stored, 0 when none
     */
    record Stored(
            String target,
            String pinnedRack,
            ShardState state,
            String error,
            long workSequence,
            int attempt,
            String rack,
            long loggedThrough) {}

    /** The run's shards as stored. */
    List<Stored> stored(long runId) {
        return db.read(d -> d.selectFrom(FLEET_SHARDS)
                .where(FLEET_SHARDS.RUN_ID.eq(runId))
                .orderBy(FLEET_SHARDS.TARGET)
                .fetch()
                .map(s -> {
                    var last = d.selectFrom(FLEET_SHARD_ATTEMPTS)
                            .where(FLEET_SHARD_ATTEMPTS.RUN_ID.eq(runId))
                            .and(FLEET_SHARD_ATTEMPTS.TARGET.eq(s.getTarget()))
                            .orderBy(FLEET_SHARD_ATTEMPTS.ATTEMPT.desc())
                            .limit(1)
                            .fetchOne();
                    return new Stored(
                            s.getTarget(),
                            s.getPinnedRack(),
                            ShardState.fromDb(s.getState()),
                            s.getError(),
                            Optional.ofNullable(s.getWorkSequence()).orElse(0L),
                            last == null ? 0 : last.getAttempt().intValue(),
                            last == null ? null : last.getRack(),
                            Optional.ofNullable(s.getLoggedThrough()).orElse(0L));
                }));
    }

    /** The run's shards by target, each with its attempts in order; empty for a run that is not a fleet run. */
    public List<FleetShard> forRun(long runId) {
        return db.read(d -> {
            Map<String, List<FleetShard.Attempt>> attempts = new LinkedHashMap<>();
            d.selectFrom(FLEET_SHARD_ATTEMPTS)
                    .where(FLEET_SHARD_ATTEMPTS.RUN_ID.eq(runId))
                    .orderBy(FLEET_SHARD_ATTEMPTS.TARGET, FLEET_SHARD_ATTEMPTS.ATTEMPT)
                    .fetch()
                    .forEach(a -> attempts.computeIfAbsent(a.getTarget(), t -> new ArrayList<>())
                            .add(new FleetShard.Attempt(
                                    a.getAttempt().intValue(),
                                    a.getRack(),
                                    Instant.ofEpochMilli(a.getStartedAt()),
                                    Optional.ofNullable(a.getEndedAt()).map(Instant::ofEpochMilli),
                                    Optional.ofNullable(a.getOutcome()).map(ShardState::fromDb))));
            return d.selectFrom(FLEET_SHARDS)
                    .where(FLEET_SHARDS.RUN_ID.eq(runId))
                    .orderBy(FLEET_SHARDS.TARGET)
                    .fetch()
                    .map(s -> new FleetShard(
                            s.getTarget(),
                            Optional.ofNullable(s.getPinnedRack()),
                            ShardState.fromDb(s.getState()),
                            Optional.ofNullable(s.getError()),
                            List.copyOf(attempts.getOrDefault(s.getTarget(), List.of()))));
        });
    }
}
