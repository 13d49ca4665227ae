package dev.hive.cli.build;

import dev.hive.cli.CliException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the Maven to build with: {@code $MAVEN_HOME/bin/mvn}, {@code $M2_HOME/bin/mvn}, {@code mvn} on the
 * {@code PATH}, or the candidate's own {@code mvnw}, in that order.
 */
public final class MavenLocator {

    private MavenLocator() {}

    /**
     * The Maven executable.
     *
     * @throws CliException (exit 2) when there is none
     */
    public static Path locate(Map<String, String> env, Path candidateRoot) {
        for (String home : new String[] {env.get("MAVEN_HOME"), env.get("M2_HOME")}) {
            if (home != null && !home.isBlank()) {
                Path mvn = Path.of(home, "bin", "mvn");
                if (Files.isExecutable(mvn)) {
                    return mvn;
                }
            }
        }
        String path = env.get("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    Path mvn = Path.of(dir, "mvn");
                    if (Files.isExecutable(mvn) && !Files.isDirectory(mvn)) {
                        return mvn;
                    }
                }
            }
        }
        Path wrapper = candidateRoot.resolve("mvnw");
        if (Files.isExecutable(wrapper)) {
            return wrapper;
        }
        throw CliException.usage("no Maven found: set MAVEN_HOME, put mvn on the PATH, or add the Maven wrapper"
                + " (mvnw) to " + candidateRoot);
    }
}
