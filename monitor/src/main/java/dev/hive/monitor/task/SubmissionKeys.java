package dev.hive.monitor.task;

import static dev.hive.monitor.db.generated.Tables.SUBMISSION_KEYS;

import dev.hive.monitor.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code Idempotency-Key}s of run submissions: which run a token's key made, and the hash of what was submitted
 * with it, for {@link #WINDOW}. Plain blocking calls; see {@link Database} for threading.
 */
public final class SubmissionKeys {

    /** How long a key answers with its run; an older key is forgotten and makes a new run. */
    public static final Duration WINDOW = Duration.ofHours(24);

    /** What a key made: its run and the hash of the submission that made it. */
    public record Claim(long runId, String requestHash) {}

    private final Database db;
    private final Clock clock;

    public SubmissionKeys(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The run {@code key} of {@code tokenId} made within the window, if any. */
    public Optional<Claim> find(long tokenId, String key) {
        long since = clock.millis() - WINDOW.toMillis();
        return db.read(d -> d.select(SUBMISSION_KEYS.RUN_ID, SUBMISSION_KEYS.REQUEST_HASH)
                .from(SUBMISSION_KEYS)
                .where(SUBMISSION_KEYS.SUBMITTED_BY.eq(tokenId))
                .and(SUBMISSION_KEYS.KEY.eq(key))
                .and(SUBMISSION_KEYS.CREATED_AT.ge(since))
                .fetchOptional(r -> new Claim(r.value1(), r.value2())));
    }

    /** Records that {@code key} of {@code tokenId} made {@code runId}; forgets the keys older than the window. */
    public void record(long tokenId, String key, String requestHash, long runId) {
        long now = clock.millis();
        db.write(d -> {
            d.deleteFrom(SUBMISSION_KEYS)
                    .where(SUBMISSION_KEYS.CREATED_AT.lt(now - WINDOW.toMillis()))
                    .execute();
            return d.insertInto(SUBMISSION_KEYS)
                    .set(SUBMISSION_KEYS.SUBMITTED_BY, tokenId)
                    .set(SUBMISSION_KEYS.KEY, key)
                    .set(SUBMISSION_KEYS.REQUEST_HASH, requestHash)
                    .set(SUBMISSION_KEYS.RUN_ID, runId)
                    .set(SUBMISSION_KEYS.CREATED_AT, now)
                    .execute();
        });
    }

    /** Forgets {@code key} of {@code tokenId}, so that it may make a run again (its run was refused). */
    public void forget(long tokenId, String key) {
        db.write(d -> d.deleteFrom(SUBMISSION_KEYS)
                .where(SUBMISSION_KEYS.SUBMITTED_BY.eq(tokenId))
                .and(SUBMISSION_KEYS.KEY.eq(key))
                .execute());
    }
}
