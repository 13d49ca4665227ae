package dev.hive.monitor.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    static final PasswordHasher.Cost FAST = new PasswordHasher.Cost(64, 1, 1);

    private final PasswordHasher hasher = new PasswordHasher(FAST);

    @Test
    void hashIsAPhcStringAndVerifies() {
        String encoded = hasher.hash("correct horse");
        assertThat(encoded).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        String[] parts = encoded.split("\\$");
        assertThat(parts).hasSize(6);
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
        assertThat(hasher.verify("correct horse", encoded)).isTrue();
        assertThat(hasher.verify("correct horsE", encoded)).isFalse();
        assertThat(hasher.verify("", encoded)).isFalse();
    }

    @Test
    void theHashIsPlainArgon2id() {
        String encoded = hasher.hash("pw");
        String[] parts = encoded.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        var gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(64)
                .withIterations(1)
                .withParallelism(1)
                .withSalt(salt)
                .build());
        byte[] expected = new byte[32];
        gen.generateBytes("pw".getBytes(java.nio.charset.StandardCharsets.UTF_8), expected);
        assertThat(Base64.getDecoder().decode(parts[5])).isEqualTo(expected);
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    @Test
    void theCostTravelsWithTheHash() {
        String cheaper = new PasswordHasher(new PasswordHasher.Cost(32, 1, 1)).hash("pw");
        assertThat(hasher.verify("pw", cheaper)).isTrue();
        assertThat(hasher.needsRehash(cheaper)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("pw"))).isFalse();
        assertThat(new PasswordHasher(new PasswordHasher.Cost(32, 1, 1)).needsRehash(hasher.hash("pw")))
                .isFalse();
    }

    @Test
    void formerPbkdf2HashesStillVerifyAndNeedARehash() {
        String old = PasswordHasher.legacyPbkdf2("pw", 1_000);
        assertThat(old).startsWith("pbkdf2-sha256$1000$");
        assertThat(hasher.verify("pw", old)).isTrue();
        assertThat(hasher.verify("pW", old)).isFalse();
        assertThat(hasher.needsRehash(old)).isTrue();
    }

    @Test
    void foreignOrBrokenStringsNeverVerify() {
        for (String s : new String[] {
            null,
            "",
            "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "pbkdf2-sha256$x$AAAA$AAAA",
            "pbkdf2-sha256$10$!!$AAAA"
        }) {
            assertThat(hasher.verify("pw", s)).as(s).isFalse();
            assertThat(hasher.needsRehash(s)).as(s).isTrue();
        }
    }

    @Test
    void emptyPasswordsAreRefused() {
        assertThatThrownBy(() -> hasher.hash("")).hasMessage("a password must not be empty");
        assertThatThrownBy(() -> hasher.hash(null)).hasMessage("a password must not be empty");
    }

    @Test
    void theDefaultIsOwaspsArgon2idMinimum() {
        PasswordHasher.Cost cost = new PasswordHasher().cost();
        assertThat(cost.memoryKib()).isGreaterThanOrEqualTo(19_456);
        assertThat(cost.iterations()).isGreaterThanOrEqualTo(2);
        assertThatThrownBy(() -> new PasswordHasher.Cost(64, 0, 1)).hasMessageContaining("t >= 1");
    }
}
