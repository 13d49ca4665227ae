package dev.hive.monitor.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void hashIsSelfDescribingAndVerifies() {
        String encoded = hasher.hash("correct horse");
        String[] parts = encoded.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("1000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
        assertThat(hasher.verify("correct horse", encoded)).isTrue();
        assertThat(hasher.verify("correct horsE", encoded)).isFalse();
        assertThat(hasher.verify("", encoded)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    @Test
    void theIterationCountTravelsWithTheHash() {
        String old = new PasswordHasher(500).hash("pw");
        assertThat(hasher.verify("pw", old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("pw"))).isFalse();
        assertThat(new PasswordHasher(500).needsRehash(hasher.hash("pw"))).isFalse();
    }

    @Test
    void foreignOrBrokenStringsNeverVerify() {
        for (String s : new String[] {
            null,
            "",
            "$argon2id$v=19$m=8192,t=3,p=1$c2FsdA$aGFzaA",
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
    void theDefaultIsAtLeastOwaspsMinimum() {
        assertThat(new PasswordHasher().iterations()).isGreaterThanOrEqualTo(210_000);
        assertThatThrownBy(() -> new PasswordHasher(0)).hasMessageContaining("at least 1 iteration");
    }
}
