package dev.hive.monitor.auth;

import static dev.hive.monitor.db.generated.Tables.SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRepositoryTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    UserRepository users;
    SessionRepository sessions;
    User root;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), clock);
        users = new UserRepository(db, clock, new PasswordHasher(PasswordHasherTest.FAST));
        sessions = new SessionRepository(db, clock);
        root = users.create("root", "root-secret", Role.ADMIN);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSessionSurvivesARestart() {
        String id = sessions.create(root.id(), Duration.ofMinutes(30));
        db.close();
        db = Database.open(dir.resolve("hive.db"), clock);
        sessions = new SessionRepository(db, clock);
        assertThat(sessions.find(id))
                .contains(new Session(root.id(), "root", Role.ADMIN, Instant.parse("2026-01-01T00:30:00Z")));
    }

    @Test
    void onlyTheHashOfTheIdIsStored() {
        String id = sessions.create(root.id(), Duration.ofMinutes(30));
        assertThat(id).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
        String stored = db.read(d -> d.select(SESSIONS.ID_HASH).from(SESSIONS).fetchSingle(SESSIONS.ID_HASH));
        assertThat(stored).isEqualTo(ApiTokenRepository.hash(id)).doesNotContain(id);
        assertThat(sessions.create(root.id(), Duration.ofMinutes(30))).isNotEqualTo(id);
    }

    @Test
    void expiredAndUnknownSessionsAreNotFound() {
        String id = sessions.create(root.id(), Duration.ofMinutes(30));
        assertThat(sessions.find("not-a-session")).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(id)).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.find(id)).isEmpty();
        assertThat(sessions.deleteExpired()).isEqualTo(1);
        assertThat(sessions.deleteExpired()).isZero();
    }

    @Test
    void theRoleIsTheUsersCurrentOne() {
        User maint = users.create("maint", "maint-secret", Role.MAINTAINER);
        String id = sessions.create(maint.id(), Duration.ofMinutes(30));
        users.changeRole(maint.id(), Role.ADMIN);
        assertThat(sessions.find(id).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void logoutAndEndingAllOfAUsersSessions() {
        User maint = users.create("maint", "maint-secret", Role.MAINTAINER);
        String a = sessions.create(root.id(), Duration.ofMinutes(30));
        String b = sessions.create(root.id(), Duration.ofMinutes(30));
        String c = sessions.create(maint.id(), Duration.ofMinutes(30));
        assertThat(sessions.delete(a)).isTrue();
        assertThat(sessions.delete(a)).isFalse();
        assertThat(sessions.find(a)).isEmpty();
        assertThat(sessions.deleteForUser(root.id())).isEqualTo(1);
        assertThat(sessions.find(b)).isEmpty();
        assertThat(sessions.find(c)).isPresent();
        users.delete(maint.id());
        assertThat(sessions.find(c)).as("deleting a user ends their sessions").isEmpty();
    }
}
