package dev.hive.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How long {@code hive test} takes on the client before it uploads ({@code hive test --build-only}, which stops
 * there), on a copy of the example candidate: a cold runner build (empty CLI cache), nothing changed (the cached
 * JAR, no Maven), and one hive test edited; each against the cold build.
 */
final class BuildBench {

    private final boolean quick;
    private final Report report;

    BuildBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        var report = new Report();
        new BuildBench(List.of(args).contains("--quick"), report).run();
        System.out.println();
        report.print(System.out);
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("hive-bench-build-");
        try {
            Path candidate = work.resolve("rsp-probe");
            copy(Path.of("examples/rsp-probe"), candidate);
            // The copy keeps the example's parent POM reachable: point it at the repository's root POM.
            Path pom = candidate.resolve("pom.xml");
            Files.writeString(
                    pom,
                    Files.readString(pom)
                            .replace(
                                    "<relativePath>../../pom.xml</relativePath>",
                                    "<relativePath>" + Path.of("pom.xml").toAbsolutePath() + "</relativePath>"));
            int rounds = quick ? 1 : 3;
            long cold = build(work, candidate, "Built the runner");
            var unchanged = new ArrayList<Double>();
            for (int i = 0; i < rounds; i++) {
                unchanged.add((double) build(work, candidate, "Reused the runner"));
            }
            Path test = candidate.resolve("src/hive/java/dev/hive/example/rsp/hive/AttachedTest.java");
            var edited = new ArrayList<Double>();
            for (int i = 0; i < rounds; i++) {
                Files.writeString(test, "// edit " + i + "\n", StandardOpenOption.APPEND);
                edited.add((double) build(work, candidate, "Built the runner"));
            }
            report.add("build: hive test before upload, cold (empty cache)", "%d ms (1.00)".formatted(cold), "");
            double same = Report.median(unchanged);
            report.add(
                    "build: nothing changed (median of %d)".formatted(rounds),
                    "%.0f ms (%.3f x cold)".formatted(same, same / cold),
                    "< 1 s");
            double edit = Report.median(edited);
            report.add(
                    "build: one hive test edited (median of %d)".formatted(rounds),
                    "%.0f ms (%.2f x cold)".formatted(edit, edit / cold),
                    "< 15 s");
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One {@code hive test --build-only}; its wall time in ms. Its output must say {@code expected}. */
    private static long build(Path work, Path candidate, String expected) throws Exception {
        var command = new ProcessBuilder(
                        Path.of("cli/bin/hive").toAbsolutePath().toString(),
                        "test",
                        "--build-only",
                        candidate.toString())
                .redirectErrorStream(true);
        command.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
        command.environment().put("HIVE_DAEMON", "off"); // a JVM per command, as before; no daemon left behind
        command.environment().put("XDG_CONFIG_HOME", work.resolve("config").toString());
        long start = System.nanoTime();
        Process hive = command.start();
        String output = new String(hive.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!hive.waitFor(10, TimeUnit.MINUTES) || hive.exitValue() != 0 || !output.contains(expected)) {
            throw new IllegalStateException("hive test --build-only did not say '" + expected + "':\n" + output);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p :
                    paths.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
