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
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * API tokens for the CLI and CI. A token is 32 random bytes, URL-safe base64 without padding; only its
 * SHA-256 (hex) is stored, so a leaked database does not leak usable tokens. Plain blocking calls; see
 * {@link Database} for threading.
 */
public final class ApiTokenRepository {
    private static final int TOKEN_BYTES = 32;
    /** Never used itself (it stays in its initial state): {@link #hash} clones it, on any thread. */
    private static final MessageDigest SHA256 = sha256();

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** The resolution of a token's stored last use. */
    public static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Map<Long, Long> lastTouched = new ConcurrentHashMap<>();
    /** How long a token found valid is trusted without the database (a revocation elsewhere takes this long). */
    public static final Duration REMEMBER = Duration.ofSeconds(5);

    private record Remembered(ApiToken token, long atMillis) {}

    /** Tokens found valid, by hash; cleared on every revocation, which also bumps {@link #revocations}. */
    private final Map<String, Remembered> valid = new ConcurrentHashMap<>();

    private final AtomicLong revocations = new AtomicLong();

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

    /** Whether {@link #touch} would store the token's last use now (cheap; any thread). */
    public boolean touchDue(long id) {
        Long previous = lastTouched.get(id);
        return previous == null || clock.millis() - previous >= TOUCH_INTERVAL.toMillis();
    }

    /** Looks a presented plaintext token up by its hash; a valid one is remembered for {@link #remembered}. */
    public TokenCheck check(String plaintext) {
        if (plaintext == null || plaintext.isEmpty()) {
            return new TokenCheck(TokenCheck.Status.UNKNOWN, Optional.empty());
        }
        String hash = hash(plaintext);
        long generation = revocations.get();
        Optional<ApiToken> found = db.read(d -> d.selectFrom(API_TOKENS)
                        .where(API_TOKENS.TOKEN_HASH.eq(hash))
                        .fetchOptional())
                .map(ApiTokenRepository::toToken);
        if (found.isEmpty()) {
            return new TokenCheck(TokenCheck.Status.UNKNOWN, Optional.empty());
        }
        TokenCheck check = evaluate(found.get());
        if (check.valid() && revocations.get() == generation) {
            valid.put(hash, new Remembered(found.get(), clock.millis()));
        }
        return check;
    }

    /**
     * The check of a token that {@link #check} found valid less than {@link #REMEMBER} ago, without the
     * database (its expiry is checked again); empty when the token is not remembered. Safe on any thread;
     * {@link #revoke} forgets every token at once.
     */
    public Optional<TokenCheck> remembered(String plaintext) {
        if (plaintext == null || plaintext.isEmpty()) {
            return Optional.empty();
        }
        Remembered r = valid.get(hash(plaintext));
        if (r == null || clock.millis() - r.atMillis() >= REMEMBER.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(evaluate(r.token()));
    }

    private TokenCheck evaluate(ApiToken t) {
        if (t.revoked()) {
            return new TokenCheck(TokenCheck.Status.REVOKED, Optional.of(t));
        }
        if (t.expiresAt().isPresent() && !clock.instant().isBefore(t.expiresAt().get())) {
            return new TokenCheck(TokenCheck.Status.EXPIRED, Optional.of(t));
        }
        return new TokenCheck(TokenCheck.Status.VALID, Optional.of(t));
    }

    /** Revokes the named token; false when there is none. */
    public boolean revoke(String name) {
        boolean revoked = db.write(d -> d.update(API_TOKENS)
                        .set(API_TOKENS.REVOKED, true)
                        .where(API_TOKENS.NAME.eq(name))
                        .execute())
                > 0;
        revocations.incrementAndGet();
        valid.clear();
        return revoked;
    }

    /**
     * Records that the token was just used: stored at most once per {@link #TOUCH_INTERVAL} per token, so a
     * busy CI token does not cost a database write per request.
     */
    public void touch(long id) {
        if (!touchDue(id)) {
            return;
        }
        long now = clock.millis();
        lastTouched.put(id, now);
        db.write(d -> d.update(API_TOKENS)
                .set(API_TOKENS.LAST_USED_AT, now)
                .where(API_TOKENS.ID.eq(id))
                .execute());
    }

    /** Every token, by name (without secrets: only their hashes are stored). */
    public java.util.List<ApiToken> list() {
        return db.read(d -> d.selectFrom(API_TOKENS).orderBy(API_TOKENS.NAME).fetch(ApiTokenRepository::toToken));
    }

    public Optional<ApiToken> findById(long id) {
        return db.read(d -> d.selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(id)).fetchOptional())
                .map(ApiTokenRepository::toToken);
    }

    public Optional<ApiToken> findByName(String name) {
        return db.read(d ->
                        d.selectFrom(API_TOKENS).where(API_TOKENS.NAME.eq(name)).fetchOptional())
                .map(ApiTokenRepository::toToken);
    }

    /**
     * The SHA-256 of the token, in hex. Every API request hashes its token (to find it among those remembered), so
     * the digest is cloned from one made once instead of looked up among the security providers each time.
     */
    static String hash(String plaintext) {
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
        }
        return HexFormat.of().formatHex(sha256.digest(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
