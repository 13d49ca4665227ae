package dev.hive.monitor.auth;

import static dev.hive.monitor.db.generated.Tables.SESSIONS;
import static dev.hive.monitor.db.generated.Tables.USERS;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.UsersRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Users of the web UI. Passwords are hashed by {@link PasswordHasher} before they reach the database. The
 * rack always keeps at least one admin: deleting or demoting the last one is refused. Plain blocking calls;
 * see {@link Database} for threading.
 */
public final class UserRepository {
    private final Database db;
    private final Clock clock;
    private final PasswordHasher hasher;
    /** Verified against when the name is unknown, so a login costs the same whether the user exists or not. */
    private final String dummyHash;

    public UserRepository(Database db, Clock clock, PasswordHasher hasher) {
        this.db = db;
        this.clock = clock;
        this.hasher = hasher;
        this.dummyHash = hasher.hash("not a password anyone has");
    }

    /** Creates a user with a plain password, which is hashed; a taken name is refused with a clear message. */
    public User create(String name, String password, Role role) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a user name must not be empty");
        }
        String passwordHash = hasher.hash(password);
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

    /**
     * The user when {@code name} and {@code password} match, empty otherwise. Takes one password verification
     * either way. A match whose stored hash is weaker than the hasher's current setting is rehashed.
     */
    public Optional<User> authenticate(String name, String password) {
        Optional<User> user = name == null ? Optional.empty() : findByName(name);
        String stored = user.map(User::passwordHash).orElse(dummyHash);
        boolean matches = hasher.verify(password, stored);
        if (user.isEmpty() || !matches) {
            return Optional.empty();
        }
        if (hasher.needsRehash(stored)) {
            String rehashed = hasher.hash(password);
            db.write(d -> d.update(USERS)
                    .set(USERS.PASSWORD_HASH, rehashed)
                    .where(USERS.ID.eq(user.get().id()))
                    .execute());
            User u = user.get();
            return Optional.of(new User(u.id(), u.name(), rehashed, u.role(), u.createdAt()));
        }
        return user;
    }

    public Optional<User> findByName(String name) {
        return db.read(d -> d.selectFrom(USERS).where(USERS.NAME.eq(name)).fetchOptional())
                .map(UserRepository::toUser);
    }

    public Optional<User> findById(long id) {
        return db.read(d -> d.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional())
                .map(UserRepository::toUser);
    }

    /** Every user, by name. */
    public List<User> list() {
        return db.read(d -> d.selectFrom(USERS).orderBy(USERS.NAME).fetch(UserRepository::toUser));
    }

    /** Deletes a user and, through the schema, their sessions; false when there is none. */
    public boolean delete(long id) {
        return db.write(d -> {
            Optional<User> user = d.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional(UserRepository::toUser);
            if (user.isEmpty()) {
                return false;
            }
            refuseLosingLastAdmin(d, user.get(), "delete");
            return d.deleteFrom(USERS).where(USERS.ID.eq(id)).execute() > 0;
        });
    }

    /** Sets a new password and ends the user's sessions, so other logged-in browsers must log in again. */
    public void changePassword(long id, String newPassword) {
        String passwordHash = hasher.hash(newPassword);
        db.write(d -> {
            if (d.update(USERS)
                            .set(USERS.PASSWORD_HASH, passwordHash)
                            .where(USERS.ID.eq(id))
                            .execute()
                    == 0) {
                throw new IllegalArgumentException("there is no user with id " + id);
            }
            return d.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(id)).execute();
        });
    }

    /** Renames a user; a taken name is refused with a clear message. */
    public void rename(long id, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a user name must not be empty");
        }
        try {
            if (db.write(d -> d.update(USERS)
                            .set(USERS.NAME, name)
                            .where(USERS.ID.eq(id))
                            .execute())
                    == 0) {
                throw new IllegalArgumentException("there is no user with id " + id);
            }
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("a user named '" + name + "' already exists", e);
        }
    }

    /** Gives a user another role; demoting the last admin is refused. */
    public void changeRole(long id, Role role) {
        db.write(d -> {
            User user = d.selectFrom(USERS)
                    .where(USERS.ID.eq(id))
                    .fetchOptional(UserRepository::toUser)
                    .orElseThrow(() -> new IllegalArgumentException("there is no user with id " + id));
            if (role != Role.ADMIN) {
                refuseLosingLastAdmin(d, user, "demote");
            }
            return d.update(USERS)
                    .set(USERS.ROLE, role.name())
                    .where(USERS.ID.eq(id))
                    .execute();
        });
    }

    public int countAdmins() {
        return db.read(d -> d.fetchCount(USERS, USERS.ROLE.eq(Role.ADMIN.name())));
    }

    private static void refuseLosingLastAdmin(DSLContext d, User user, String verb) {
        if (user.role() == Role.ADMIN && d.fetchCount(USERS, USERS.ROLE.eq(Role.ADMIN.name())) <= 1) {
            throw new IllegalStateException("cannot " + verb + " '" + user.name()
                    + "': it is the last admin, and the monitor needs at least one. Make another user admin first.");
        }
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
