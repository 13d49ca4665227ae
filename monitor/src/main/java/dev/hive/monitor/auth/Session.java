package dev.hive.monitor.auth;

import java.time.Instant;

/** A live web UI session: who is logged in, with which role (as it is now, not at login), and until when. */
public record Session(long userId, String userName, Role role, Instant expiresAt) {}
