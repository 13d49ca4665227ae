package dev.hive.cli.command;

import dev.hive.cli.build.BuildOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code -D} and {@code -P} for the Maven build of the runner, given as to {@code mvn}. */
public final class MavenOptions {

    @Option(
            names = "-D",
            paramLabel = "NAME=VALUE",
            mapFallbackValue = "true",
            description = "A property for Maven (repeatable): -Drevision=1.2.0 sets a CI-friendly version.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(
            names = "-P",
            paramLabel = "PROFILE",
            split = ",",
            description = "Maven profiles to activate, !PROFILE to deactivate (repeatable, comma-separated).")
    List<String> profiles = new ArrayList<>();

    /** What is passed to Maven. */
    public BuildOptions toBuildOptions() {
        return new BuildOptions(properties, profiles);
    }
}
