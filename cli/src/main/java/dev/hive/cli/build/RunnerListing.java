package dev.hive.cli.build;

import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.protocol.listing.ListedTest;
import dev.hive.protocol.listing.ListingCodec;
import dev.hive.protocol.listing.ListingLine;
import dev.hive.protocol.listing.ListingProblem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tests a runner JAR would run with a selection, and the problems that would keep them from running, from the
 * runner's own list mode ({@code java -jar runner.jar --list ...}, {@code docs/ipc.md}). The verdict is kept in the
 * runner's workspace, {@code listing/<JAR hash>-<selection hash>.jsonl}, so an unchanged runner with the same
 * selection does not start a JVM again; listings of older JARs are deleted.
 */
public final class RunnerListing {

    /** How long the list mode may take. */
    static final long TIMEOUT_SECONDS = 120;

    private final Path javaCommand;

    public RunnerListing(Path javaCommand) {
        this.javaCommand = javaCommand;
    }

    /** The Java that runs this CLI. */
    public static RunnerListing withThisJava() {
        return new RunnerListing(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /**
     * What the runner lists.
     *
     * @param tests the tests it would run, in order
     * @param problems what would keep tests from running
     * @param reused whether the listing came from the workspace without starting the runner
     */
    public record Listing(List<ListedTest> tests, List<ListingProblem> problems, boolean reused) {}

    /**
     * Lists {@code runner} with the runner's selection arguments {@code selectionArgs}.
     *
     * @throws CliException (exit 3) when the runner cannot list its tests
     */
    public Listing list(BuiltRunner runner, List<String> selectionArgs) {
        Path dir = runner.jar().resolveSibling("listing");
        String prefix = runner.sha256().substring(0, 16) + "-";
        Path cached = dir.resolve(
                prefix + Fingerprint.ofText(String.join("\0", selectionArgs)).substring(0, 16) + ".jsonl");
        try {
            boolean reused = Files.isRegularFile(cached);
            List<String> lines =
                    reused ? Files.readAllLines(cached, StandardCharsets.UTF_8) : run(runner, selectionArgs);
            Listing listing = parse(lines, reused);
            if (!reused) {
                Files.createDirectories(dir);
                try (Stream<Path> old = Files.list(dir)) {
                    for (Path file : old.filter(f -> !f.getFileName().toString().startsWith(prefix))
                            .toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Path partial = dir.resolve(cached.getFileName() + ".partial");
                Files.write(partial, lines, StandardCharsets.UTF_8);
                Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING);
            }
            return listing;
        } catch (IOException e) {
            throw new UncheckedIOException("listing the tests of " + runner.jar() + ": " + e.getMessage(), e);
        }
    }

    private List<String> run(BuiltRunner runner, List<String> selectionArgs) throws IOException {
        var command = new ArrayList<String>(
                List.of(javaCommand.toString(), "-jar", runner.jar().toString(), "--list"));
        command.addAll(selectionArgs);
        Path errors = Files.createTempFile("hive-list", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(errors.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            List<String> lines;
            try (var out = process.inputReader(StandardCharsets.UTF_8)) {
                lines = out.lines().toList();
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CliException(
                        ExitCode.BUILD_FAILED, "the runner did not list its tests within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new CliException(
                        ExitCode.BUILD_FAILED,
                        "the runner could not list its tests (exit " + process.exitValue() + "): "
                                + Files.readString(errors).strip());
            }
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.BUILD_FAILED, "interrupted while the runner listed its tests");
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static Listing parse(List<String> lines, boolean reused) {
        var codec = new ListingCodec();
        var tests = new ArrayList<ListedTest>();
        var problems = new ArrayList<ListingProblem>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            ListingLine parsed;
            try {
                parsed = codec.decode(line);
            } catch (IllegalArgumentException e) {
                throw new CliException(
                        ExitCode.BUILD_FAILED, "the runner's listing holds a line that is not one: " + line);
            }
            if (parsed instanceof ListedTest test) {
                tests.add(test);
            } else if (parsed instanceof ListingProblem problem) {
                problems.add(problem);
            }
        }
        return new Listing(List.copyOf(tests), List.copyOf(problems), reused);
    }
}
