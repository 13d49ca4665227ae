package dev.hive.monitor.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenRepositoryTest {
    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    ApiTokenRepository tokens;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), clock);
        tokens = new ApiTokenRepository(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aNewTokenIs32RandomBytesAndChecksValid() {
        CreatedToken created = tokens.create("ci", "the CI", Optional.empty());
        assertThat(Base64.getUrlDecoder().decode(created.plaintext())).hasSize(32);
        assertThat(created.plaintext()).doesNotContain("=", "+", "/");
        assertThat(created.toString()).doesNotContain(created.plaintext());
        TokenCheck check = tokens.check(created.plaintext());
        assertThat(check.status()).isEqualTo(TokenCheck.Status.VALID);
        assertThat(check.token()).get().extracting(ApiToken::name).isEqualTo("ci");
        assertThat(tokens.create("other", "", Optional.empty()).plaintext()).isNotEqualTo(created.plaintext());
    }

    @Test
    void thePlaintextIsNeverStored() throws Exception {
        CreatedToken created = tokens.create("ci", "", Optional.empty());
        db.close();
        for (Path f : new Path[] {dir.resolve("hive.db"), dir.resolve("hive.db-wal")}) {
            if (Files.exists(f)) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).doesNotContain(created.plaintext()).contains("ci");
            }
        }
        db = Database.open(dir.resolve("hive.db"), clock);
        String stored =
                db.read(d -> d.fetchValue("SELECT token_hash FROM api_tokens").toString());
        assertThat(stored)
                .isEqualTo(ApiTokenRepository.hash(created.plaintext()))
                .hasSize(64);
    }

    @Test
    void unknownRevokedAndExpiredAreTold() {
        assertThat(tokens.check("nope").status()).isEqualTo(TokenCheck.Status.UNKNOWN);
        assertThat(tokens.check("").status()).isEqualTo(TokenCheck.Status.UNKNOWN);

        CreatedToken shortLived =
                tokens.create("short", "", Optional.of(clock.instant().plusSeconds(60)));
        assertThat(tokens.check(shortLived.plaintext()).valid()).isTrue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(tokens.check(shortLived.plaintext()).status()).isEqualTo(TokenCheck.Status.EXPIRED);

        CreatedToken revoked = tokens.create("gone", "", Optional.empty());
        assertThat(tokens.revoke("gone")).isTrue();
        assertThat(tokens.revoke("never-was")).isFalse();
        assertThat(tokens.check(revoked.plaintext()).status()).isEqualTo(TokenCheck.Status.REVOKED);
    }

    @Test
    void touchRecordsLastUse() {
        CreatedToken t = tokens.create("ci", "", Optional.empty());
        assertThat(t.token().lastUsedAt()).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        tokens.touch(t.token().id());
        assertThat(tokens.findByName("ci").orElseThrow().lastUsedAt()).contains(clock.instant());
    }

    @Test
    void aValidTokenIsRememberedBrieflyAndForgottenWhenAnyTokenIsRevoked() {
        CreatedToken ci = tokens.create("ci", "", Optional.empty());
        tokens.create("other", "", Optional.empty());
        assertThat(tokens.remembered(ci.plaintext())).isEmpty();
        assertThat(tokens.check(ci.plaintext()).valid()).isTrue();
        assertThat(tokens.remembered(ci.plaintext()))
                .hasValueSatisfying(c -> assertThat(c.valid()).isTrue());

        clock.advance(ApiTokenRepository.REMEMBER);
        assertThat(tokens.remembered(ci.plaintext())).isEmpty();

        assertThat(tokens.check(ci.plaintext()).valid()).isTrue();
        tokens.revoke("other");
        assertThat(tokens.remembered(ci.plaintext())).isEmpty();
        tokens.revoke("ci");
        assertThat(tokens.check(ci.plaintext()).status()).isEqualTo(TokenCheck.Status.REVOKED);
        assertThat(tokens.remembered(ci.plaintext())).isEmpty();
    }

    @Test
    void aRememberedTokenStillExpires() {
        CreatedToken t = tokens.create("ci", "", Optional.of(clock.instant().plusSeconds(2)));
        assertThat(tokens.check(t.plaintext()).valid()).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.remembered(t.plaintext()))
                .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(TokenCheck.Status.EXPIRED));
    }

    @Test
    void lastUseIsStoredAtMostOncePerInterval() {
        CreatedToken t = tokens.create("ci", "", Optional.empty());
        tokens.touch(t.token().id());
        var first = clock.instant();
        clock.advance(ApiTokenRepository.TOUCH_INTERVAL.minusSeconds(1));
        tokens.touch(t.token().id());
        assertThat(tokens.findByName("ci").orElseThrow().lastUsedAt()).contains(first);
        clock.advance(Duration.ofSeconds(1));
        tokens.touch(t.token().id());
        assertThat(tokens.findByName("ci").orElseThrow().lastUsedAt()).contains(clock.instant());
    }

    @Test
    void aTakenNameIsRefused() {
        tokens.create("ci", "", Optional.empty());
        assertThatThrownBy(() -> tokens.create("ci", "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ci' already exists");
    }
}
