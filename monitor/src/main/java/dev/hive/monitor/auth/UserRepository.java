package dev.hive.monitor.auth;

import static dev.hive.monitor.db.generated.Tables.USERS;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.UsersRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Users of the web UI. Plain blocking calls; see {@link Database} for threading. */
public final class UserRepository {
    private final Database db;
    private final Clock clock;

    public UserRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates a user; a taken name is refused with a clear message. */
    public User create(String name, String passwordHash, Role role) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a user name must not be empty");
        }
        long now = clock.millis();
        try {
            long id = db.write(d -> d.insertInto(USERS)
                    .set(USERS.NAME, name)
                    .set(USERS.PASSWORD_HASH, passwordHash)
                    .set(USERS.ROLE, role.name())
                    .set(USERS.CREATED_AT, now)
                    .returning(USERS.ID)
                    .fetchOne()
                    .getId());
            return new User(id, name, passwordHash, role, Instant.ofEpochMilli(now));
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("a user named '" + name + "' already exists", e);
        }
    }

    public Optional<User> findByName(String name) {
        return db.read(d -> d.selectFrom(USERS).where(USERS.NAME.eq(name)).fetchOptional())
                .map(UserRepository::toUser);
    }

    public int countAdmins() {
        return db.read(d -> d.fetchCount(USERS, USERS.ROLE.eq(Role.ADMIN.name())));
    }

    private static User toUser(UsersRecord r) {
        return new User(
                r.getId(),
                r.getName(),
                r.getPasswordHash(),
                Role.valueOf(r.getRole()),
                Instant.ofEpochMilli(r.getCreatedAt()));
    }
}
