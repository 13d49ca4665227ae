package dev.hive.monitor.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void createFindAndCountAdminsSurviveARestart() {
        try (Database db = Database.open(dir.resolve("hive.db"), Clock.systemUTC())) {
            UserRepository users = new UserRepository(db, Clock.systemUTC());
            assertThat(users.countAdmins()).isZero();
            users.create("root", "$argon2id$x", Role.ADMIN);
            users.create("maint", "$argon2id$y", Role.MAINTAINER);
            assertThatThrownBy(() -> users.create("root", "h", Role.MAINTAINER))
                    .hasMessageContaining("'root' already exists");
        }
        try (Database db = Database.open(dir.resolve("hive.db"), Clock.systemUTC())) {
            UserRepository users = new UserRepository(db, Clock.systemUTC());
            assertThat(users.countAdmins()).isEqualTo(1);
            User maint = users.findByName("maint").orElseThrow();
            assertThat(maint.role()).isEqualTo(Role.MAINTAINER);
            assertThat(maint.passwordHash()).isEqualTo("$argon2id$y");
            assertThat(users.findByName("nobody")).isEmpty();
        }
    }
}
