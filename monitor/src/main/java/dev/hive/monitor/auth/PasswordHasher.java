package dev.hive.monitor.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes web UI passwords with PBKDF2-HMAC-SHA256 from the JDK: a random 16-byte salt per password and a
 * 32-byte derived key, encoded as the self-describing string {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * (standard base64 without padding). The iteration count travels with each hash, so raising it later leaves
 * old hashes verifiable; {@link #needsRehash} says when one should be replaced.
 */
public final class PasswordHasher {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; tests pass fewer to stay fast. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    /** A hasher with {@link #DEFAULT_ITERATIONS}. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** A hasher that produces hashes with {@code iterations} rounds (at least 1). */
    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least 1 iteration, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** The iteration count of new hashes. */
    public int iterations() {
        return iterations;
    }

    /** Hashes a password with a fresh salt; an empty password is refused. */
    public String hash(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a password must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, HASH_BYTES);
        return PREFIX + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code encoded}, compared in constant time. False for an empty password
     * and for an encoded string this class did not produce.
     */
    public boolean verify(String password, String encoded) {
        Parsed p = parse(encoded);
        if (p == null || password == null || password.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(p.hash(), derive(password, p.salt(), p.iterations(), p.hash().length));
    }

    /** Whether {@code encoded} should be replaced: not ours, or made with fewer iterations than this hasher uses. */
    public boolean needsRehash(String encoded) {
        Parsed p = parse(encoded);
        return p == null || p.iterations() < iterations || p.hash().length != HASH_BYTES;
    }

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return null;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            return n < 1 || salt.length == 0 || hash.length == 0 ? null : new Parsed(n, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}
}
