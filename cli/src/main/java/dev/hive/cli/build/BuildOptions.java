package dev.hive.cli.build;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code hive test} passes through to Maven: {@code -D} properties and {@code -P} profiles, as a user would give
 * them to {@code mvn}.
 *
 * @param properties the {@code -D} properties
 * @param profiles the {@code -P} profiles ({@code !name} deactivates)
 */
public record BuildOptions(Map<String, String> properties, List<String> profiles) {

    /** Nothing passed through. */
    public static final BuildOptions NONE = new BuildOptions(Map.of(), List.of());

    public BuildOptions {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /** A stable text of these options, for the fingerprint. */
    String describe() {
        return new TreeMap<>(properties) + " " + profiles;
    }
}
