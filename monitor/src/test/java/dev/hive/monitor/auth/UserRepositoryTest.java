package dev.hive.monitor.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserRepositoryTest {
    @TempDir
    Path dir;

    Database db;
    UserRepository users;
    final PasswordHasher hasher = new PasswordHasher(PasswordHasherTest.FAST);

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), Clock.systemUTC());
        users = new UserRepository(db, Clock.systemUTC(), hasher);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createFindAndCountAdminsSurviveARestart() {
        assertThat(users.countAdmins()).isZero();
        users.create("root", "root-secret", Role.ADMIN);
        users.create("maint", "maint-secret", Role.MAINTAINER);
        assertThatThrownBy(() -> users.create("root", "other", Role.MAINTAINER))
                .hasMessageContaining("'root' already exists");
        db.close();
        db = Database.open(dir.resolve("hive.db"), Clock.systemUTC());
        users = new UserRepository(db, Clock.systemUTC(), hasher);
        assertThat(users.countAdmins()).isEqualTo(1);
        User maint = users.findByName("maint").orElseThrow();
        assertThat(maint.role()).isEqualTo(Role.MAINTAINER);
        assertThat(users.findByName("nobody")).isEmpty();
        assertThat(users.list()).extracting(User::name).containsExactly("maint", "root");
    }

    @Test
    void thePasswordIsStoredOnlyAsAHash() {
        User u = users.create("root", "root-secret", Role.ADMIN);
        String stored = users.findByName("root").orElseThrow().passwordHash();
        assertThat(stored)
                .isEqualTo(u.passwordHash())
                .startsWith("$argon2id$v=19$")
                .doesNotContain("root-secret");
        assertThatThrownBy(() -> users.create("empty", "", Role.MAINTAINER)).hasMessage("a password must not be empty");
        assertThat(users.findByName("empty")).isEmpty();
    }

    @Test
    void authenticateNeedsTheRightNameAndPassword() {
        User root = users.create("root", "root-secret", Role.ADMIN);
        assertThat(users.authenticate("root", "root-secret")).map(User::id).contains(root.id());
        assertThat(users.authenticate("root", "wrong")).isEmpty();
        assertThat(users.authenticate("root", "")).isEmpty();
        assertThat(users.authenticate("nobody", "root-secret")).isEmpty();
        assertThat(users.authenticate(null, "root-secret")).isEmpty();
    }

    @Test
    void aWeakerStoredHashIsReplacedAtLogin() {
        UserRepository weak =
                new UserRepository(db, Clock.systemUTC(), new PasswordHasher(new PasswordHasher.Cost(32, 1, 1)));
        weak.create("root", "root-secret", Role.ADMIN);
        User u = users.authenticate("root", "root-secret").orElseThrow();
        assertThat(u.passwordHash()).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(users.findByName("root").orElseThrow().passwordHash()).isEqualTo(u.passwordHash());
        assertThat(users.authenticate("root", "root-secret")).isPresent();
    }

    @Test
    void aFormerPbkdf2HashStillLogsInAndIsReplacedByArgon2id() {
        User root = users.create("root", "root-secret", Role.ADMIN);
        db.write(d -> d.update(dev.hive.monitor.db.generated.Tables.USERS)
                .set(
                        dev.hive.monitor.db.generated.Tables.USERS.PASSWORD_HASH,
                        PasswordHasher.legacyPbkdf2("root-secret", 1_000))
                .where(dev.hive.monitor.db.generated.Tables.USERS.ID.eq(root.id()))
                .execute());
        assertThat(users.authenticate("root", "wrong")).isEmpty();
        User u = users.authenticate("root", "root-secret").orElseThrow();
        assertThat(u.passwordHash()).startsWith("$argon2id$");
        assertThat(users.findByName("root").orElseThrow().passwordHash()).startsWith("$argon2id$");
    }

    @Test
    void changePasswordReplacesTheOldOneAndEndsSessions() {
        User root = users.create("root", "old-secret", Role.ADMIN);
        SessionRepository sessions = new SessionRepository(db, Clock.systemUTC());
        String session = sessions.create(root.id(), Duration.ofHours(1));
        users.changePassword(root.id(), "new-secret");
        assertThat(users.authenticate("root", "old-secret")).isEmpty();
        assertThat(users.authenticate("root", "new-secret")).isPresent();
        assertThat(sessions.find(session)).isEmpty();
        assertThatThrownBy(() -> users.changePassword(root.id(), "")).hasMessage("a password must not be empty");
        assertThatThrownBy(() -> users.changePassword(999, "x")).hasMessageContaining("no user with id 999");
    }

    @Test
    void theLastAdminCannotBeDeletedOrDemoted() {
        User root = users.create("root", "root-secret", Role.ADMIN);
        User maint = users.create("maint", "maint-secret", Role.MAINTAINER);
        assertThatThrownBy(() -> users.delete(root.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot delete 'root': it is the last admin");
        assertThatThrownBy(() -> users.changeRole(root.id(), Role.MAINTAINER))
                .hasMessageContaining("cannot demote 'root': it is the last admin");
        assertThat(users.countAdmins()).isEqualTo(1);

        users.changeRole(maint.id(), Role.ADMIN);
        users.changeRole(root.id(), Role.MAINTAINER);
        assertThat(users.findByName("root").orElseThrow().role()).isEqualTo(Role.MAINTAINER);
        assertThat(users.delete(root.id())).isTrue();
        assertThat(users.delete(root.id())).isFalse();
        assertThat(users.list()).extracting(User::name).containsExactly("maint");
    }
}
