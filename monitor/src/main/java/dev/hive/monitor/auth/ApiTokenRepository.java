package dev.hive.monitor.auth;

import static dev.hive.monitor.db.generated.Tables.API_TOKENS;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.ApiTokensRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * API tokens for the CLI and CI. A token is 32 random bytes, URL-safe base64 without padding; only its
 * SHA-256 (hex) is stored, so a leaked database does not leak usable tokens. Plain blocking calls; see
 * {@link Database} for threading.
 */
public final class ApiTokenRepository {
    private static final int TOKEN_BYTES = 32;

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** The resolution of a token's stored last use. */
    public static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Map<Long, Long> lastTouched = new ConcurrentHashMap<>();

    public ApiTokenRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates a token; the plaintext is in the answer and nowhere else. */
    public CreatedToken create(String name, String description, Optional<Instant> expiresAt) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a token name must not be empty");
        }
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String plaintext = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long now = clock.millis();
        try {
            ApiTokensRecord r = db.write(d -> d.insertInto(API_TOKENS)
                    .set(API_TOKENS.NAME, name)
                    .set(API_TOKENS.DESCRIPTION, description == null ? "" : description)
                    .set(API_TOKENS.TOKEN_HASH, hash(plaintext))
                    .set(API_TOKENS.CREATED_AT, now)
                    .set(
                            API_TOKENS.EXPIRES_AT,
                            expiresAt.map(Instant::toEpochMilli).orElse(null))
                    .set(API_TOKENS.REVOKED, false)
                    .returning()
                    .fetchOne());
            return new CreatedToken(toToken(r), plaintext);
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("a token named '" + name + "' already exists", e);
        }
    }

    /** Looks a presented plaintext token up by its hash. */
    public TokenCheck check(String plaintext) {
        if (plaintext == null || plaintext.isEmpty()) {
            return new TokenCheck(TokenCheck.Status.UNKNOWN, Optional.empty());
        }
        Optional<ApiToken> found = db.read(d -> d.selectFrom(API_TOKENS)
                        .where(API_TOKENS.TOKEN_HASH.eq(hash(plaintext)))
                        .fetchOptional())
                .map(ApiTokenRepository::toToken);
        if (found.isEmpty()) {
            return new TokenCheck(TokenCheck.Status.UNKNOWN, Optional.empty());
        }
        ApiToken t = found.get();
        if (t.revoked()) {
            return new TokenCheck(TokenCheck.Status.REVOKED, found);
        }
        if (t.expiresAt().isPresent() && !clock.instant().isBefore(t.expiresAt().get())) {
            return new TokenCheck(TokenCheck.Status.EXPIRED, found);
        }
        return new TokenCheck(TokenCheck.Status.VALID, found);
    }

    /** Revokes the named token; false when there is none. */
    public boolean revoke(String name) {
        return db.write(d -> d.update(API_TOKENS)
                        .set(API_TOKENS.REVOKED, true)
                        .where(API_TOKENS.NAME.eq(name))
                        .execute())
                > 0;
    }

    /**
     * Records that the token was just used: stored at most once per {@link #TOUCH_INTERVAL} per token, so a
     * busy CI token does not cost a database write per request.
     */
    public void touch(long id) {
        long now = clock.millis();
        Long previous = lastTouched.get(id);
        if (previous != null && now - previous < TOUCH_INTERVAL.toMillis()) {
            return;
        }
        lastTouched.put(id, now);
        db.write(d -> d.update(API_TOKENS)
                .set(API_TOKENS.LAST_USED_AT, now)
                .where(API_TOKENS.ID.eq(id))
                .execute());
    }

    public Optional<ApiToken> findByName(String name) {
        return db.read(d ->
                        d.selectFrom(API_TOKENS).where(API_TOKENS.NAME.eq(name)).fetchOptional())
                .map(ApiTokenRepository::toToken);
    }

    static String hash(String plaintext) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static ApiToken toToken(ApiTokensRecord r) {
        return new ApiToken(
                r.getId(),
                r.getName(),
                r.getDescription(),
                Instant.ofEpochMilli(r.getCreatedAt()),
                Optional.ofNullable(r.getExpiresAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(r.getLastUsedAt()).map(Instant::ofEpochMilli),
                Boolean.TRUE.equals(r.getRevoked()));
    }
}
