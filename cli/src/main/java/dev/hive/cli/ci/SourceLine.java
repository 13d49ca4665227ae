package dev.hive.cli.ci;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a hive test's source a failure happened: the first frame of the stack trace that belongs to the test's
 * class (or a class nested in it), as a file under the hive tests' directory and a line.
 *
 * @param file the source file, relative to the workspace when it lies under it
 * @param line the line, 1 or more
 */
public record SourceLine(String file, int line) {

    private static final Pattern FRAME =
            Pattern.compile("^\\s*at\\s+(?:[\\w.$/@]+/)?([\\w.$]+)\\.[\\w$<>]+\\(([\\w$]+\\.java):(\\d+)\\)");

    /**
     * The line of {@code className}'s code in {@code stackTrace}, if a frame names it.
     *
     * @param hiveTests the hive tests' source directory, or null when unknown (the file is then named by its package)
     * @param workspace the directory paths are given relative to (the repository's root in CI)
     */
    public static Optional<SourceLine> find(String stackTrace, String className, Path hiveTests, Path workspace) {
        if (stackTrace == null || className == null) {
            return Optional.empty();
        }
        for (String frame : stackTrace.split("\n")) {
            Matcher m = FRAME.matcher(frame);
            if (m.find() && (m.group(1).equals(className) || m.group(1).startsWith(className + "$"))) {
                String pkg = className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
                Path relative = Path.of(pkg.replace('.', '/')).resolve(m.group(2));
                Path file = hiveTests == null ? relative : hiveTests.resolve(relative);
                if (hiveTests != null && Files.isRegularFile(file) && file.startsWith(workspace)) {
                    file = workspace.relativize(file);
                }
                return Optional.of(new SourceLine(file.toString(), Integer.parseInt(m.group(3))));
            }
        }
        return Optional.empty();
    }
}
