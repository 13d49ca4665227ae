package dev.hive.cli.build;

import dev.hive.cli.CliException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the Maven to build with: the candidate's own Maven wrapper ({@code mvnw} in the directory {@code hive test}
 * was pointed at, then at the top of its reactor), which pins the Maven the project expects; else
 * {@code $MAVEN_HOME/bin/mvn}, {@code $M2_HOME/bin/mvn}, {@code mvn} on the {@code PATH}, in that order.
 */
public final class MavenLocator {

    private MavenLocator() {}

    /**
     * The Maven executable.
     *
     * @throws CliException (exit 2) when there is none
     */
    public static Path locate(Map<String, String> env, Path candidateRoot, Path reactorRoot) {
        for (Path dir : new Path[] {candidateRoot, reactorRoot}) {
            Path wrapper = dir.resolve("mvnw");
            if (Files.isExecutable(wrapper) && !Files.isDirectory(wrapper)) {
                return wrapper;
            }
        }
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
        throw CliException.usage("no Maven found: set MAVEN_HOME, put mvn on the PATH, or add the Maven wrapper"
                + " (mvnw) to " + candidateRoot);
    }
}
