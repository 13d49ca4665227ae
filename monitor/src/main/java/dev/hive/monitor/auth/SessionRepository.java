package dev.hive.monitor.auth;

import static dev.hive.monitor.db.generated.Tables.SESSIONS;
import static dev.hive.monitor.db.generated.Tables.USERS;

import dev.hive.monitor.db.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Web UI sessions, kept in the database so a monitor restart logs nobody out (the original's per-process JWT
 * secret did). A session id is 32 random bytes, URL-safe base64 without padding; only its SHA-256 (hex) is
 * stored, like API tokens. Deleting a user deletes their sessions through the schema. Plain blocking calls;
 * see {@link Database} for threading.
 */
public final class SessionRepository {
    private static final int ID_BYTES = 32;

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SessionRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Starts a session for a user that ends after {@code lifetime}; returns the id for the cookie. */
    public String create(long userId, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a session lifetime must be positive, got " + lifetime);
        }
        byte[] secret = new byte[ID_BYTES];
        random.nextBytes(secret);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long now = clock.millis();
        db.write(d -> d.insertInto(SESSIONS)
                .set(SESSIONS.ID_HASH, ApiTokenRepository.hash(sessionId))
                .set(SESSIONS.USER_ID, userId)
                .set(SESSIONS.CREATED_AT, now)
                .set(SESSIONS.EXPIRES_AT, now + lifetime.toMillis())
                .execute());
        return sessionId;
    }

    /** The session with this id, empty when it is unknown or has expired. */
    public Optional<Session> find(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return db.read(d -> d.select(SESSIONS.USER_ID, USERS.NAME, USERS.ROLE, SESSIONS.EXPIRES_AT)
                .from(SESSIONS)
                .join(USERS)
                .on(USERS.ID.eq(SESSIONS.USER_ID))
                .where(SESSIONS.ID_HASH.eq(ApiTokenRepository.hash(sessionId)))
                .and(SESSIONS.EXPIRES_AT.gt(now))
                .fetchOptional(r -> new Session(
                        r.value1(), r.value2(), Role.valueOf(r.value3()), Instant.ofEpochMilli(r.value4()))));
    }

    /** Ends a session (logout); false when there was none. */
    public boolean delete(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return false;
        }
        return db.write(d -> d.deleteFrom(SESSIONS)
                        .where(SESSIONS.ID_HASH.eq(ApiTokenRepository.hash(sessionId)))
                        .execute())
                > 0;
    }

    /** Removes expired sessions; returns how many. */
    public int deleteExpired() {
        long now = clock.millis();
        return db.write(
                d -> d.deleteFrom(SESSIONS).where(SESSIONS.EXPIRES_AT.le(now)).execute());
    }

    /** Ends every session of a user; returns how many. */
    public int deleteForUser(long userId) {
        return db.write(
                d -> d.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId)).execute());
    }
}
