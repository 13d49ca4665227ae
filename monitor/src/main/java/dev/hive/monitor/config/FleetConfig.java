package dev.hive.monitor.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this monitor joins a fleet's NATS hub (the {@code fleet.*} keys); with {@code enabled} false nothing
 * of the fleet is started.
 *
 * @param servers the hub's URLs ({@code nats://} or {@code tls://}), tried in turn; never empty when enabled
 * @param credentialsFile a NATS {@code .creds} file (user JWT and NKey seed)
 * @param rackId the key of this rack's inventory; empty means the rack file's {@code name}
 * @param caCertificate a PEM CA certificate the hub's TLS certificate must chain to (else the JVM's trust store)
 * @param inventoryTtl how long an inventory entry lives in the hub without being refreshed
 * @param role whether this monitor runs shards on its rack or is the fleet's front
 * @param claimExpiry how long a rack's claim on a shard lasts without being renewed (the consumers' AckWait)
 * @param resumeWithin how long a front that starts waits for the hub to pick its unended runs up again before it
 *     ends them {@code interrupted}
 */
public record FleetConfig(
        boolean enabled,
        List<URI> servers,
        Optional<Path> credentialsFile,
        Optional<String> rackId,
        String lab,
        Optional<Path> caCertificate,
        Duration inventoryTtl,
        FleetRole role,
        Duration claimExpiry,
        Duration resumeWithin) {

    /** How long a starting front waits for the hub by default ({@code fleet.resumeWithinSeconds}). */
    public static final Duration DEFAULT_RESUME_WITHIN = Duration.ofMinutes(2);

    /** What a rack id may hold: it is the inventory's key in a JetStream key-value bucket. */
    public static final Pattern RACK_ID = Pattern.compile("[A-Za-z0-9_-]+");

    /** Fleet mode off, as by default. */
    public static final FleetConfig DISABLED = new FleetConfig(
            false, List.of(), Optional.empty(), Optional.empty(), "default", Optional.empty(), Duration.ofSeconds(15));

    /** A rack's fleet settings with the default claim expiry (60 s). */
    public FleetConfig(
            boolean enabled,
            List<URI> servers,
            Optional<Path> credentialsFile,
            Optional<String> rackId,
            String lab,
            Optional<Path> caCertificate,
            Duration inventoryTtl) {
        this(
                enabled,
                servers,
                credentialsFile,
                rackId,
                lab,
                caCertificate,
                inventoryTtl,
                FleetRole.RACK,
                Duration.ofSeconds(60));
    }

    /** The fleet settings with the default wait for the hub of a starting front ({@link #DEFAULT_RESUME_WITHIN}). */
    public FleetConfig(
            boolean enabled,
            List<URI> servers,
            Optional<Path> credentialsFile,
            Optional<String> rackId,
            String lab,
            Optional<Path> caCertificate,
            Duration inventoryTtl,
            FleetRole role,
            Duration claimExpiry) {
        this(
                enabled,
                servers,
                credentialsFile,
                rackId,
                lab,
                caCertificate,
                inventoryTtl,
                role,
                claimExpiry,
                DEFAULT_RESUME_WITHIN);
    }

    public FleetConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(credentialsFile, "credentialsFile");
        Objects.requireNonNull(rackId, "rackId");
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(caCertificate, "caCertificate");
        Objects.requireNonNull(inventoryTtl, "inventoryTtl");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(claimExpiry, "claimExpiry");
        Objects.requireNonNull(resumeWithin, "resumeWithin");
        if (enabled && servers.isEmpty()) {
            throw new IllegalArgumentException("an enabled fleet needs at least one server");
        }
    }
}
