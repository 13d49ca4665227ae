package dev.hive.monitor.auth;

import java.time.Instant;

/** A stored web UI user; {@code passwordHash} is a {@link PasswordHasher} string, never the password. */
public record User(long id, String name, String passwordHash, Role role, Instant createdAt) {}
