package dev.hive.monitor.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code metrics.*} keys: whether {@code GET /metrics} (Prometheus text format) is served, and who may read
 * it. With a token, every scrape must send {@code Authorization: Bearer <token>}; without one, only clients on
 * the loopback interface may scrape (a Prometheus or an agent on the rack's own host).
 */
public record MetricsConfig(boolean enabled, Optional<String> token) {

    /** Served, to loopback clients only, as by default. */
    public static final MetricsConfig DEFAULT = new MetricsConfig(true, Optional.empty());

    public MetricsConfig {
        Objects.requireNonNull(token, "token");
        if (token.isPresent() && token.get().length() < 16) {
            throw new IllegalArgumentException("the metrics token must have at least 16 characters");
        }
    }
}
