package dev.hive.monitor.config;

import dev.hive.monitor.sandbox.SandboxMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The monitor's whole configuration, loaded and validated once by {@link ConfigLoader} and passed by
 * constructor. Every key, default and environment variable is listed in {@code docs/monitor-config.md}.
 *
 * @param sessionLifetime how long a web UI login lasts, counted from the login (using it does not extend it)
 * @param fleet how the monitor joins a fleet's hub; off by default
 * @param metrics whether and to whom {@code /metrics} is served
 * @param adminTokens names of API tokens that act as an admin in the REST API (target control); empty: none
 * @param leases the bounds of interactive leases ({@code docs/leases.md})
 * @param health whether and how often targets are health-checked ({@code docs/health.md})
 * @param preStartRunners whether a runner JVM is started before each run arrives ({@code docs/ipc.md})
 */
public record MonitorConfig(
        Path dataDir,
        int httpPort,
        String bindAddress,
        Optional<Path> tlsCertificate,
        Optional<Path> tlsKey,
        Path rackFile,
        Limits limits,
        SandboxMode sandbox,
        Duration sessionLifetime,
        FleetConfig fleet,
        MetricsConfig metrics,
        Set<String> adminTokens,
        LeaseConfig leases,
        HealthChecking health,
        boolean preStartRunners) {

    /**
     * Target health checks (docs/health.md).
     *
     * @param enabled whether the monitor runs health checks (off: UNKNOWN targets are used unchecked)
     * @param interval how long a GOOD target stays GOOD before it is checked again; zero: never again
     */
    public record HealthChecking(boolean enabled, Duration interval) {
        /** Checks on, every 24 hours. */
        public static final HealthChecking DEFAULT = new HealthChecking(true, Duration.ofHours(24));

        public HealthChecking {
            Objects.requireNonNull(interval, "interval");
        }
    }

    public MonitorConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tlsCertificate, "tlsCertificate");
        Objects.requireNonNull(tlsKey, "tlsKey");
        Objects.requireNonNull(rackFile, "rackFile");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(metrics, "metrics");
        adminTokens = Set.copyOf(adminTokens);
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(health, "health");
        if (sessionLifetime.isZero() || sessionLifetime.isNegative()) {
            throw new IllegalArgumentException("sessionLifetime must be positive, got " + sessionLifetime);
        }
    }

    /** True when both a certificate and a key are configured. */
    public boolean tlsEnabled() {
        return tlsCertificate.isPresent() && tlsKey.isPresent();
    }

    /** The SQLite database file inside the data directory. */
    public Path databaseFile() {
        return dataDir.resolve("hive.db");
    }

    /** Bounds that protect the monitor and the rack from too much work. */
    public record Limits(
            long uploadBytes,
            int pendingTickets,
            int queueLength,
            Duration ticketLifetime,
            Duration testTimeout,
            Duration runTimeout,
            int logRetentionRows,
            Duration idleTimeout,
            Duration reattach) {

        /** How long a run's client has by default to re-attach a dropped socket ({@code limits.reattachSeconds}). */
        public static final Duration DEFAULT_REATTACH = Duration.ofSeconds(60);

        public Limits {
            Objects.requireNonNull(ticketLifetime, "ticketLifetime");
            Objects.requireNonNull(reattach, "reattach");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(testTimeout, "testTimeout");
            Objects.requireNonNull(runTimeout, "runTimeout");
        }

        /** Limits with the default re-attach grace. */
        public Limits(
                long uploadBytes,
                int pendingTickets,
                int queueLength,
                Duration ticketLifetime,
                Duration testTimeout,
                Duration runTimeout,
                int logRetentionRows,
                Duration idleTimeout) {
            this(
                    uploadBytes,
                    pendingTickets,
                    queueLength,
                    ticketLifetime,
                    testTimeout,
                    runTimeout,
                    logRetentionRows,
                    idleTimeout,
                    DEFAULT_REATTACH);
        }
    }
}
