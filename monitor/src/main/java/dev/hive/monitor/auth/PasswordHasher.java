package dev.hive.monitor.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes web UI passwords with Argon2id (BouncyCastle): a random 16-byte salt per password and a 32-byte
 * hash, encoded as the PHC string {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (standard
 * base64 without padding). The cost travels with each hash, so raising it later leaves old hashes verifiable;
 * {@link #needsRehash} says when one should be replaced. Hashes of the PBKDF2 scheme this monitor used before
 * ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}) still verify, and always need a rehash.
 */
public final class PasswordHasher {

    /** Argon2id cost. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        public Cost {
            if (iterations < 1 || parallelism < 1 || memoryKib < 8 * parallelism) {
                throw new IllegalArgumentException("Argon2 needs t >= 1, p >= 1 and m >= 8*p KiB, got m=" + memoryKib
                        + ", t=" + iterations + ", p=" + parallelism);
            }
        }

        /** Whether this cost is at least {@code other} in every parameter. */
        boolean atLeast(Cost other) {
            return memoryKib >= other.memoryKib && iterations >= other.iterations && parallelism >= other.parallelism;
        }
    }

    /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
    public static final Cost DEFAULT_COST = new Cost(19_456, 2, 1);

    private static final String PBKDF2_PREFIX = "pbkdf2-sha256";
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final Cost cost;
    private final SecureRandom random = new SecureRandom();

    /** A hasher with {@link #DEFAULT_COST}. */
    public PasswordHasher() {
        this(DEFAULT_COST);
    }

    /** A hasher that produces hashes of {@code cost} (tests pass a small one to stay fast). */
    public PasswordHasher(Cost cost) {
        this.cost = cost;
    }

    /** The cost of new hashes. */
    public Cost cost() {
        return cost;
    }

    /** Hashes a password with a fresh salt; an empty password is refused. */
    public String hash(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a password must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism() + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code encoded} (Argon2id, or the former PBKDF2 scheme), compared in
     * constant time. False for an empty password and for a string neither scheme produced.
     */
    public boolean verify(String password, String encoded) {
        if (password == null || password.isEmpty() || encoded == null) {
            return false;
        }
        Argon2Hash a = parseArgon2(encoded);
        if (a != null) {
            return MessageDigest.isEqual(a.hash(), argon2(password, a.salt(), a.cost(), a.hash().length));
        }
        Pbkdf2Hash p = parsePbkdf2(encoded);
        if (p != null) {
            return MessageDigest.isEqual(p.hash(), pbkdf2(password, p.salt(), p.iterations(), p.hash().length));
        }
        return false;
    }

    /** Whether {@code encoded} should be replaced: not Argon2id, or cheaper than this hasher's cost. */
    public boolean needsRehash(String encoded) {
        Argon2Hash a = encoded == null ? null : parseArgon2(encoded);
        return a == null || !a.cost().atLeast(cost) || a.hash().length != HASH_BYTES;
    }

    private static byte[] argon2(String password, byte[] salt, Cost cost, int bytes) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[bytes];
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    private static Argon2Hash parseArgon2(String encoded) {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return null;
        }
        try {
            Cost cost =
                    new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            byte[] salt = Base64.getDecoder().decode(m.group(4));
            byte[] hash = Base64.getDecoder().decode(m.group(5));
            // bounds keep a tampered row from making a login allocate gigabytes
            return salt.length < 8 || hash.length < 16 || cost.memoryKib() > 1 << 21 || cost.iterations() > 64
                    ? null
                    : new Argon2Hash(cost, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A hash in the former PBKDF2-HMAC-SHA256 format, for tests of the upgrade path. */
    static String legacyPbkdf2(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations, HASH_BYTES);
        return PBKDF2_PREFIX + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    private static Pbkdf2Hash parsePbkdf2(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PBKDF2_PREFIX)) {
            return null;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            return n < 1 || n > 10_000_000 || salt.length == 0 || hash.length == 0
                    ? null
                    : new Pbkdf2Hash(n, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private record Argon2Hash(Cost cost, byte[] salt, byte[] hash) {}

    private record Pbkdf2Hash(int iterations, byte[] salt, byte[] hash) {}
}
