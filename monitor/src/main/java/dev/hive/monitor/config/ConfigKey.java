package dev.hive.monitor.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key: its dotted name in the YAML file, its environment variable and its default
 * ({@code null} = unset). Keep in step with {@code docs/monitor-config.md}.
 */
public enum ConfigKey {
    DATA_DIR("dataDir", "HIVE_DATA_DIR", "data"),
    HTTP_PORT("http.port", "HIVE_HTTP_PORT", "8080"),
    BIND_ADDRESS("http.bindAddress", "HIVE_BIND_ADDRESS", "0.0.0.0"),
    TLS_CERTIFICATE("tls.certificate", "HIVE_TLS_CERTIFICATE", null),
    TLS_KEY("tls.key", "HIVE_TLS_KEY", null),
    RACK_FILE("rackFile", "HIVE_RACK_FILE", "rack.yaml"),
    UPLOAD_BYTES("limits.uploadBytes", "HIVE_LIMIT_UPLOAD_BYTES", "67108864"),
    PENDING_TICKETS("limits.pendingTickets", "HIVE_LIMIT_PENDING_TICKETS", "16"),
    QUEUE_LENGTH("limits.queueLength", "HIVE_LIMIT_QUEUE_LENGTH", "8"),
    TICKET_LIFETIME_SECONDS("limits.ticketLifetimeSeconds", "HIVE_LIMIT_TICKET_LIFETIME_SECONDS", "30"),
    TEST_TIMEOUT_SECONDS("limits.testTimeoutSeconds", "HIVE_LIMIT_TEST_TIMEOUT_SECONDS", "60"),
    RUN_TIMEOUT_SECONDS("limits.runTimeoutSeconds", "HIVE_LIMIT_RUN_TIMEOUT_SECONDS", "1800"),
    IDLE_TIMEOUT_SECONDS("limits.idleTimeoutSeconds", "HIVE_LIMIT_IDLE_TIMEOUT_SECONDS", "120"),
    REATTACH_SECONDS("limits.reattachSeconds", "HIVE_LIMIT_REATTACH_SECONDS", "60"),
    LOG_RETENTION_ROWS("limits.logRetentionRows", "HIVE_LIMIT_LOG_RETENTION_ROWS", "100000"),
    SESSION_LIFETIME_MINUTES("auth.sessionLifetimeMinutes", "HIVE_AUTH_SESSION_LIFETIME_MINUTES", "1440"),
    SANDBOX("sandbox", "HIVE_SANDBOX", "auto"),
    PRE_START_RUNNERS("runner.preStart", "HIVE_RUNNER_PRE_START", "true"),
    LEASE_DEFAULT_MINUTES("leases.defaultMinutes", "HIVE_LEASE_DEFAULT_MINUTES", "30"),
    LEASE_MAX_MINUTES("leases.maxMinutes", "HIVE_LEASE_MAX_MINUTES", "120"),
    LEASE_CAP_MINUTES("leases.capMinutes", "HIVE_LEASE_CAP_MINUTES", "480"),
    LEASE_IDLE_MINUTES("leases.idleMinutes", "HIVE_LEASE_IDLE_MINUTES", "10"),
    LEASE_UART_BUFFER_BYTES("leases.uartBufferBytes", "HIVE_LEASE_UART_BUFFER_BYTES", "65536"),
    HEALTH_CHECKS("health.checks", "HIVE_HEALTH_CHECKS", "true"),
    HEALTH_CHECK_INTERVAL_HOURS("health.checkIntervalHours", "HIVE_HEALTH_CHECK_INTERVAL_HOURS", "24"),
    FLEET_ENABLED("fleet.enabled", "HIVE_FLEET_ENABLED", "false"),
    FLEET_SERVERS("fleet.servers", "HIVE_FLEET_SERVERS", null),
    FLEET_CREDENTIALS_FILE("fleet.credentialsFile", "HIVE_FLEET_CREDENTIALS_FILE", null),
    FLEET_RACK_ID("fleet.rackId", "HIVE_FLEET_RACK_ID", null),
    FLEET_LAB("fleet.lab", "HIVE_FLEET_LAB", "default"),
    FLEET_TLS_CA_CERTIFICATE("fleet.tls.caCertificate", "HIVE_FLEET_TLS_CA_CERTIFICATE", null),
    FLEET_INVENTORY_TTL_SECONDS("fleet.inventoryTtlSeconds", "HIVE_FLEET_INVENTORY_TTL_SECONDS", "15"),
    FLEET_ROLE("fleet.role", "HIVE_FLEET_ROLE", "rack"),
    FLEET_CLAIM_SECONDS("fleet.claimSeconds", "HIVE_FLEET_CLAIM_SECONDS", "60"),
    FLEET_RESUME_WITHIN_SECONDS("fleet.resumeWithinSeconds", "HIVE_FLEET_RESUME_WITHIN_SECONDS", "120"),
    METRICS_ENABLED("metrics.enabled", "HIVE_METRICS_ENABLED", "true"),
    METRICS_TOKEN("metrics.token", "HIVE_METRICS_TOKEN", null),
    ADMIN_TOKENS("auth.adminTokens", "HIVE_AUTH_ADMIN_TOKENS", null);

    private final String key;
    private final String env;
    private final String defaultValue;

    ConfigKey(String key, String env, String defaultValue) {
        this.key = key;
        this.env = env;
        this.defaultValue = defaultValue;
    }

    /** The dotted name in the YAML file, e.g. {@code limits.queueLength}. */
    public String key() {
        return key;
    }

    /** The environment variable that overrides the file, e.g. {@code HIVE_LIMIT_QUEUE_LENGTH}. */
    public String env() {
        return env;
    }

    /** The default as text, empty when the key is unset by default. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    static Optional<ConfigKey> byKey(String dotted) {
        return Arrays.stream(values()).filter(k -> k.key.equals(dotted)).findFirst();
    }
}
