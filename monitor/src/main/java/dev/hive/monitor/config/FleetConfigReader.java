package dev.hive.monitor.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Validates the {@code fleet.*} keys into a {@link FleetConfig}; every error names the key. */
final class FleetConfigReader {

    /** The shortest inventory TTL: the refresh runs every third of it. */
    static final int MIN_TTL_SECONDS = 3;

    /** The shortest claim on a shard: it is renewed every third of it. */
    static final int MIN_CLAIM_SECONDS = 2;

    private final ConfigLoader.Values values;

    FleetConfigReader(ConfigLoader.Values values) {
        this.values = values;
    }

    FleetConfig read() {
        boolean enabled = bool(ConfigKey.FLEET_ENABLED);
        List<URI> servers = servers();
        if (enabled && servers.isEmpty()) {
            throw new ConfigException("'" + ConfigKey.FLEET_ENABLED.key() + "' is true (from "
                    + values.source(ConfigKey.FLEET_ENABLED) + ") but '" + ConfigKey.FLEET_SERVERS.key()
                    + "' is not set: name the hub (set it in the file or " + ConfigKey.FLEET_SERVERS.env() + ")");
        }
        Optional<String> rackId = values.optionalText(ConfigKey.FLEET_RACK_ID);
        if (rackId.isPresent() && !FleetConfig.RACK_ID.matcher(rackId.get()).matches()) {
            throw values.invalid(ConfigKey.FLEET_RACK_ID, "may hold only letters, digits, '-' and '_'");
        }
        String lab = values.text(ConfigKey.FLEET_LAB);
        if (lab.isBlank()) {
            throw values.invalid(ConfigKey.FLEET_LAB, "must not be empty");
        }
        return new FleetConfig(
                enabled,
                servers,
                values.optionalPath(ConfigKey.FLEET_CREDENTIALS_FILE),
                rackId,
                lab,
                values.optionalPath(ConfigKey.FLEET_TLS_CA_CERTIFICATE),
                Duration.ofSeconds(values.intAtLeast(ConfigKey.FLEET_INVENTORY_TTL_SECONDS, MIN_TTL_SECONDS)),
                role(),
                Duration.ofSeconds(values.intAtLeast(ConfigKey.FLEET_CLAIM_SECONDS, MIN_CLAIM_SECONDS)),
                Duration.ofSeconds(values.intAtLeast(ConfigKey.FLEET_RESUME_WITHIN_SECONDS, 1)));
    }

    private FleetRole role() {
        return switch (values.text(ConfigKey.FLEET_ROLE).toLowerCase(Locale.ROOT)) {
            case "rack" -> FleetRole.RACK;
            case "front" -> FleetRole.FRONT;
            default -> throw values.invalid(ConfigKey.FLEET_ROLE, "must be 'rack' or 'front'");
        };
    }

    private boolean bool(ConfigKey k) {
        return switch (values.text(k).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw values.invalid(k, "must be true or false");
        };
    }

    /** Comma-separated in the environment, a list or a comma-separated string in the file. */
    private List<URI> servers() {
        Optional<String> text = values.optionalText(ConfigKey.FLEET_SERVERS);
        List<URI> servers = new ArrayList<>();
        if (text.isEmpty()) {
            return servers;
        }
        for (String part : text.get().split(",")) {
            String url = part.strip();
            if (url.isEmpty()) {
                continue;
            }
            servers.add(server(url));
        }
        return servers;
    }

    private URI server(String url) {
        String rule =
                "'" + url + "' is not a hub URL such as nats://hub.example.org:4222 or tls://hub.example.org:4222";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw values.invalid(ConfigKey.FLEET_SERVERS, rule);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("nats") || scheme.equals("tls")) || uri.getHost() == null) {
            throw values.invalid(ConfigKey.FLEET_SERVERS, rule);
        }
        String path = uri.getPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getQuery() != null) {
            throw values.invalid(ConfigKey.FLEET_SERVERS, rule);
        }
        return uri;
    }
}
