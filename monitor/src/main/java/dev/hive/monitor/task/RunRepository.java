package dev.hive.monitor.task;

import static dev.hive.monitor.db.generated.Tables.RESULTS;
import static dev.hive.monitor.db.generated.Tables.RUNS;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.RunsRecord;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.TestStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/** Run history. Plain blocking calls; see {@link Database} for threading. */
public final class RunRepository {
    private final Database db;
    private final Clock clock;
    private final List<LongConsumer> transitionListeners = new CopyOnWriteArrayList<>();

    public RunRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores a new run in state {@code queued}, without provenance. */
    public Run createQueued(String optionsJson, String runnerSha256, Optional<Long> submittedBy) {
        return createQueued(optionsJson, runnerSha256, submittedBy, Provenance.NONE);
    }

    /** Stores a new run in state {@code queued} with what it tests and who asked for it. */
    public Run createQueued(
            String optionsJson, String runnerSha256, Optional<Long> submittedBy, Provenance provenance) {
        long now = clock.millis();
        RunsRecord r = db.write(d -> d.insertInto(RUNS)
                .set(RUNS.STATE, RunState.QUEUED.dbName())
                .set(RUNS.OPTIONS_JSON, optionsJson)
                .set(RUNS.RUNNER_SHA256, runnerSha256)
                .set(RUNS.SUBMITTED_BY, submittedBy.orElse(null))
                .set(RUNS.CANDIDATE, provenance.candidate())
                .set(RUNS.COMMIT_SHA, provenance.commit())
                .set(RUNS.BRANCH, provenance.branch())
                .set(RUNS.DIRTY, provenance.dirty())
                .set(RUNS.CI_JOB_URL, provenance.ciJobUrl())
                .set(RUNS.CI_JOB_NAME, provenance.ciJobName())
                .set(RUNS.CREATED_AT, now)
                .returning()
                .fetchOne());
        return toRun(r);
    }

    /**
     * Moves a run to {@code to}, checking the move is allowed; sets the start time on {@code running}, the end
     * time and the summary (counted from the run's stored results) on a final state, and the error message when
     * given.
     *
     * @throws IllegalRunTransitionException when the move is not allowed
     * @throws NoSuchElementException when there is no such run
     */
    public Run transition(long id, RunState to, Optional<String> errorMessage) {
        long now = clock.millis();
        Run moved = db.write(d -> {
            RunsRecord r = d.selectFrom(RUNS)
                    .where(RUNS.ID.eq(id))
                    .fetchOptional()
                    .orElseThrow(() -> new NoSuchElementException("there is no run " + id));
            RunState from = RunState.fromDb(r.getState());
            if (!from.next().contains(to)) {
                throw new IllegalRunTransitionException(id, from, to);
            }
            UpdateSetMoreStep<RunsRecord> u = d.update(RUNS).set(RUNS.STATE, to.dbName());
            if (to == RunState.RUNNING) {
                u = u.set(RUNS.STARTED_AT, now);
            }
            if (to.isFinal()) {
                u = countResults(u.set(RUNS.FINISHED_AT, now));
            }
            if (errorMessage.isPresent()) {
                u = u.set(RUNS.ERROR_MESSAGE, errorMessage.get());
            }
            u.where(RUNS.ID.eq(id)).execute();
            return toRun(d.selectFrom(RUNS).where(RUNS.ID.eq(id)).fetchOne());
        });
        transitionListeners.forEach(l -> l.accept(id));
        return moved;
    }

    /**
     * Calls {@code listener} with a run's id after each stored {@link #transition}, on the thread that made it,
     * whoever made it (the task runner, a cancel over HTTP, a client leaving, an expired ticket).
     */
    public void onTransition(LongConsumer listener) {
        transitionListeners.add(listener);
    }

    /**
     * At start: every run left {@code queued} or {@code running} by a previous process is marked
     * {@code interrupted}, with a message and the summary of the results it stored. Returns how many.
     */
    public int interruptUnfinished() {
        return interruptUnfinished(java.util.List.of());
    }

    /**
     * As {@link #interruptUnfinished()}, but the runs in {@code pickedUp} stay {@code running} (a fleet front picks
     * its runs up again from the hub).
     */
    public int interruptUnfinished(java.util.Collection<Long> pickedUp) {
        long now = clock.millis();
        return db.write(d -> countResults(d.update(RUNS).set(RUNS.STATE, RunState.INTERRUPTED.dbName()))
                .set(RUNS.FINISHED_AT, now)
                .set(RUNS.ERROR_MESSAGE, "the monitor stopped before this run ended")
                .where(RUNS.STATE.in(RunState.QUEUED.dbName(), RunState.RUNNING.dbName()))
                .and(RUNS.ID.notIn(pickedUp))
                .execute());
    }

    /**
     * Sets a run's summary to the count of its stored results by status: what was stored is what is reported,
     * however the run ended (even when the process that ran it was killed and kept no counts of its own).
     */
    private static UpdateSetMoreStep<RunsRecord> countResults(UpdateSetMoreStep<RunsRecord> update) {
        return update.set(RUNS.PASSED, count(TestStatus.PASSED))
                .set(RUNS.FAILED, count(TestStatus.FAILED))
                .set(RUNS.SKIPPED, count(TestStatus.SKIPPED))
                .set(RUNS.ERRORS, count(TestStatus.ERROR));
    }

    private static Field<Integer> count(TestStatus status) {
        return DSL.field(DSL.selectCount()
                .from(RESULTS)
                .where(RESULTS.RUN_ID.eq(RUNS.ID))
                .and(RESULTS.STATUS.eq(status.name())));
    }

    public Optional<Run> find(long id) {
        return db.read(d -> d.selectFrom(RUNS).where(RUNS.ID.eq(id)).fetchOptional())
                .map(RunRepository::toRun);
    }

    /** A page of runs, newest first. */
    public List<Run> list(int limit, int offset) {
        return list(limit, offset, RunFilter.ALL);
    }

    public int count() {
        return count(RunFilter.ALL);
    }

    /** A page of the runs in one of {@code states} (all runs when empty), newest first. */
    public List<Run> list(int limit, int offset, Set<RunState> states) {
        return list(limit, offset, RunFilter.of(states));
    }

    /** How many runs are in one of {@code states} (all runs when empty). */
    public int count(Set<RunState> states) {
        return count(RunFilter.of(states));
    }

    /** A page of the runs {@code filter} admits, newest first. */
    public List<Run> list(int limit, int offset, RunFilter filter) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be at least 1 and offset at least 0");
        }
        return db.read(d -> d.selectFrom(RUNS)
                .where(condition(filter))
                .orderBy(RUNS.ID.desc())
                .limit(limit)
                .offset(offset)
                .fetch(RunRepository::toRun));
    }

    /** How many runs {@code filter} admits. */
    public int count(RunFilter filter) {
        return db.read(d -> d.fetchCount(RUNS, condition(filter)));
    }

    private static Condition condition(RunFilter filter) {
        Condition c = DSL.noCondition();
        if (!filter.states().isEmpty()) {
            c = c.and(
                    RUNS.STATE.in(filter.states().stream().map(RunState::dbName).toList()));
        }
        if (filter.candidate().isPresent()) {
            String candidate = filter.candidate().get();
            // the whole coordinates, or groupId:artifactId for every version
            c = c.and(RUNS.CANDIDATE.eq(candidate).or(RUNS.CANDIDATE.startsWith(candidate + ":")));
        }
        if (filter.branch().isPresent()) {
            c = c.and(RUNS.BRANCH.eq(filter.branch().get()));
        }
        return c;
    }

    private static Run toRun(Record rec) {
        RunsRecord r = rec.into(RUNS);
        return new Run(
                r.getId(),
                RunState.fromDb(r.getState()),
                r.getOptionsJson(),
                r.getRunnerSha256(),
                Optional.ofNullable(r.getSubmittedBy()),
                Instant.ofEpochMilli(r.getCreatedAt()),
                Optional.ofNullable(r.getStartedAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(r.getFinishedAt()).map(Instant::ofEpochMilli),
                new Run.Summary(r.getPassed(), r.getFailed(), r.getSkipped(), r.getErrors()),
                Optional.ofNullable(r.getErrorMessage()),
                new Provenance(
                        r.getCandidate(),
                        r.getCommitSha(),
                        r.getBranch(),
                        r.getDirty(),
                        r.getCiJobUrl(),
                        r.getCiJobName()));
    }
}
