package dev.hive.monitor.auth;

import java.time.Instant;
import java.util.Optional;

/** A stored API token: everything but the secret, of which only the SHA-256 is kept. */
public record ApiToken(
        long id,
        String name,
        String description,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> lastUsedAt,
        boolean revoked) {}
