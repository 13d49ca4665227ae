package dev.hive.monitor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hive.monitor.sandbox.SandboxMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads {@link MonitorConfig} once: defaults, then the YAML file, then environment variables (the
 * environment wins). Unknown keys in the file are errors, so a typo never silently falls back to a default.
 * Relative paths from the file are resolved against the file's directory; relative paths from defaults and
 * the environment against the working directory.
 */
public final class ConfigLoader {
    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Loads from the given file (if any) and this loader's environment. */
    public MonitorConfig load(Optional<Path> file) {
        Map<ConfigKey, Value> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey k : ConfigKey.values()) {
            k.defaultValue().ifPresent(d -> values.put(k, new Value(d, "the default", Path.of(""))));
        }
        file.ifPresent(f -> readFile(f, values));
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.env());
            if (v != null) {
                values.put(k, new Value(v.strip(), "environment variable " + k.env(), Path.of("")));
            }
        }
        return build(values);
    }

    private static void readFile(Path file, Map<ConfigKey, Value> values) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + " must hold a YAML mapping at the top level");
        }
        Path base = file.toAbsolutePath().getParent();
        flatten("", root, file, base, values);
    }

    private static void flatten(String prefix, JsonNode node, Path file, Path base, Map<ConfigKey, Value> values) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String dotted = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject() && ConfigKey.byKey(dotted).isEmpty()) {
                flatten(dotted + ".", v, file, base, values);
                continue;
            }
            ConfigKey key = ConfigKey.byKey(dotted)
                    .orElseThrow(() -> new ConfigException("unknown key '" + dotted + "' in config file " + file
                            + " (see docs/monitor-config.md for the keys)"));
            if (v.isNull() && key.defaultValue().isEmpty()) {
                values.remove(key);
            } else if (v.isNull()) {
                throw new ConfigException("key '" + dotted + "' in config file " + file
                        + " has no value; remove the line to get the default");
            } else if (v.isValueNode()) {
                values.put(key, new Value(v.asText(), "config file " + file, base));
            } else if ((key == ConfigKey.FLEET_SERVERS || key == ConfigKey.ADMIN_TOKENS) && v.isArray()) {
                values.put(key, new Value(joined(dotted, v, file), "config file " + file, base));
            } else {
                throw new ConfigException("key '" + dotted + "' in config file " + file + " must be a single value");
            }
        }
    }

    /** A YAML list of single values as one comma-separated value. */
    private static String joined(String dotted, JsonNode list, Path file) {
        var parts = new java.util.ArrayList<String>();
        for (JsonNode item : list) {
            if (!item.isValueNode() || item.isNull()) {
                throw new ConfigException(
                        "key '" + dotted + "' in config file " + file + " must be a list of single values");
            }
            parts.add(item.asText());
        }
        return String.join(",", parts);
    }

    private static MonitorConfig build(Map<ConfigKey, Value> v) {
        Optional<Path> cert = optionalPath(v, ConfigKey.TLS_CERTIFICATE);
        Optional<Path> key = optionalPath(v, ConfigKey.TLS_KEY);
        if (cert.isPresent() != key.isPresent()) {
            ConfigKey missing = cert.isPresent() ? ConfigKey.TLS_KEY : ConfigKey.TLS_CERTIFICATE;
            ConfigKey given = cert.isPresent() ? ConfigKey.TLS_CERTIFICATE : ConfigKey.TLS_KEY;
            throw new ConfigException(
                    "'" + given.key() + "' is set (from " + v.get(given).source() + ") but '" + missing.key()
                            + "' is not: TLS needs both (set it in the file or " + missing.env() + ")");
        }
        String bind = v.get(ConfigKey.BIND_ADDRESS).text();
        if (bind.isBlank()) {
            throw invalid(v, ConfigKey.BIND_ADDRESS, "must not be empty");
        }
        MonitorConfig.Limits limits = new MonitorConfig.Limits(
                longAtLeast(v, ConfigKey.UPLOAD_BYTES, 1),
                intAtLeast(v, ConfigKey.PENDING_TICKETS, 1),
                intAtLeast(v, ConfigKey.QUEUE_LENGTH, 1),
                Duration.ofSeconds(intAtLeast(v, ConfigKey.TICKET_LIFETIME_SECONDS, 1)),
                Duration.ofSeconds(intAtLeast(v, ConfigKey.TEST_TIMEOUT_SECONDS, 1)),
                Duration.ofSeconds(intAtLeast(v, ConfigKey.RUN_TIMEOUT_SECONDS, 1)),
                intAtLeast(v, ConfigKey.LOG_RETENTION_ROWS, 1),
                Duration.ofSeconds(intAtLeast(v, ConfigKey.IDLE_TIMEOUT_SECONDS, 1)),
                Duration.ofSeconds(intAtLeast(v, ConfigKey.REATTACH_SECONDS, 1)));
        int port = intAtLeast(v, ConfigKey.HTTP_PORT, 0);
        if (port > 65535) {
            throw invalid(v, ConfigKey.HTTP_PORT, "must be a port number from 0 to 65535");
        }
        return new MonitorConfig(
                path(v, ConfigKey.DATA_DIR),
                port,
                bind,
                cert,
                key,
                path(v, ConfigKey.RACK_FILE),
                limits,
                sandbox(v),
                Duration.ofMinutes(intAtLeast(v, ConfigKey.SESSION_LIFETIME_MINUTES, 1)),
                new FleetConfigReader(new Values(v)).read(),
                metrics(v),
                adminTokens(v),
                leases(v),
                new MonitorConfig.HealthChecking(
                        bool(v, ConfigKey.HEALTH_CHECKS),
                        Duration.ofHours(intAtLeast(v, ConfigKey.HEALTH_CHECK_INTERVAL_HOURS, 0))),
                bool(v, ConfigKey.PRE_START_RUNNERS));
    }

    /** API token names, a YAML list or comma-separated. */
    private static Set<String> adminTokens(Map<ConfigKey, Value> v) {
        Value value = v.get(ConfigKey.ADMIN_TOKENS);
        if (value == null) {
            return Set.of();
        }
        Set<String> names = new java.util.TreeSet<>();
        for (String name : value.text().split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    private static MetricsConfig metrics(Map<ConfigKey, Value> v) {
        Optional<String> token = Optional.ofNullable(v.get(ConfigKey.METRICS_TOKEN))
                .map(Value::text)
                .filter(t -> !t.isBlank());
        if (token.isPresent() && token.get().length() < 16) {
            // not invalid(): that would print the secret
            throw new ConfigException("'" + ConfigKey.METRICS_TOKEN.key() + "' (from "
                    + v.get(ConfigKey.METRICS_TOKEN).source() + ") must have at least 16 characters");
        }
        return new MetricsConfig(bool(v, ConfigKey.METRICS_ENABLED), token);
    }

    private static LeaseConfig leases(Map<ConfigKey, Value> v) {
        int max = intAtLeast(v, ConfigKey.LEASE_MAX_MINUTES, 1);
        int cap = intAtLeast(v, ConfigKey.LEASE_CAP_MINUTES, 1);
        int dflt = intAtLeast(v, ConfigKey.LEASE_DEFAULT_MINUTES, 1);
        if (max > cap) {
            throw invalid(v, ConfigKey.LEASE_MAX_MINUTES, "must not exceed " + ConfigKey.LEASE_CAP_MINUTES.key());
        }
        if (dflt > max) {
            throw invalid(v, ConfigKey.LEASE_DEFAULT_MINUTES, "must not exceed " + ConfigKey.LEASE_MAX_MINUTES.key());
        }
        return new LeaseConfig(
                Duration.ofMinutes(dflt),
                Duration.ofMinutes(max),
                Duration.ofMinutes(cap),
                Duration.ofMinutes(intAtLeast(v, ConfigKey.LEASE_IDLE_MINUTES, 1)),
                intAtLeast(v, ConfigKey.LEASE_UART_BUFFER_BYTES, 1024));
    }

    private static boolean bool(Map<ConfigKey, Value> v, ConfigKey key) {
        String text = v.get(key).text().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(v, key, "must be true or false");
        };
    }

    private static SandboxMode sandbox(Map<ConfigKey, Value> v) {
        String text = v.get(ConfigKey.SANDBOX).text();
        try {
            return SandboxMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(v, ConfigKey.SANDBOX, "must be one of auto, bubblewrap, none");
        }
    }

    private static Path path(Map<ConfigKey, Value> v, ConfigKey k) {
        Value value = v.get(k);
        if (value.text().isBlank()) {
            throw invalid(v, k, "must not be empty");
        }
        return value.base().resolve(value.text()).normalize();
    }

    private static Optional<Path> optionalPath(Map<ConfigKey, Value> v, ConfigKey k) {
        Value value = v.get(k);
        if (value == null || value.text().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.base().resolve(value.text()).normalize());
    }

    private static int intAtLeast(Map<ConfigKey, Value> v, ConfigKey k, int min) {
        long n = longAtLeast(v, k, min);
        if (n > Integer.MAX_VALUE) {
            throw invalid(v, k, "must be at most " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    private static long longAtLeast(Map<ConfigKey, Value> v, ConfigKey k, long min) {
        long n;
        try {
            n = Long.parseLong(v.get(k).text());
        } catch (NumberFormatException e) {
            throw invalid(v, k, "must be a whole number");
        }
        if (n < min) {
            throw invalid(v, k, "must be at least " + min);
        }
        return n;
    }

    private static ConfigException invalid(Map<ConfigKey, Value> v, ConfigKey k, String rule) {
        Value value = v.get(k);
        return new ConfigException(
                "invalid value '" + value.text() + "' for '" + k.key() + "' (from " + value.source() + "): " + rule);
    }

    private record Value(String text, String source, Path base) {}

    /** The loaded values with this loader's checks, for the readers of one section. */
    static final class Values {
        private final Map<ConfigKey, Value> v;

        private Values(Map<ConfigKey, Value> v) {
            this.v = v;
        }

        String text(ConfigKey k) {
            return v.get(k).text();
        }

        Optional<String> optionalText(ConfigKey k) {
            Value value = v.get(k);
            return value == null || value.text().isBlank() ? Optional.empty() : Optional.of(value.text());
        }

        String source(ConfigKey k) {
            return v.get(k).source();
        }

        Optional<Path> optionalPath(ConfigKey k) {
            return ConfigLoader.optionalPath(v, k);
        }

        int intAtLeast(ConfigKey k, int min) {
            return ConfigLoader.intAtLeast(v, k, min);
        }

        ConfigException invalid(ConfigKey k, String rule) {
            return ConfigLoader.invalid(v, k, rule);
        }
    }
}
