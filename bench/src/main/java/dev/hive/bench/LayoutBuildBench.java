package dev.hive.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The runner build of a multi-module candidate against a single-module one of the same size ({@code hive test
 * --build-only}): the same generated library of {@value #CLASSES} classes, once in one module and once split over
 * two utility modules and the tested module that depends on them (built with its siblings in one reactor). Cold
 * (empty CLI cache), nothing changed, and one source of the tested module edited.
 */
final class LayoutBuildBench {

    private static final int CLASSES = 60;

    private final boolean quick;
    private final Report report;

    LayoutBuildBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        var report = new Report();
        new LayoutBuildBench(List.of(args).contains("--quick"), report).run();
        System.out.println();
        report.print(System.out);
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("hive-bench-layout-");
        try {
            int rounds = quick ? 1 : 3;
            long[] single = measure(work.resolve("single"), false, rounds);
            long[] multi = measure(work.resolve("multi"), true, rounds);
            String[] names = {"cold", "nothing changed", "one source edited"};
            String[] targets = {"", "< 1 s", ""};
            for (int i = 0; i < 3; i++) {
                report.add(
                        "build layout: %s, 3 modules / 1 module (%d classes)".formatted(names[i], CLASSES),
                        "%d ms / %d ms (%.2fx)".formatted(multi[i], single[i], (double) multi[i] / single[i]),
                        targets[i].isEmpty() ? "" : targets[i] + " (3 modules: " + multi[i] + " ms)");
            }
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Cold, median unchanged, median one edit; in ms. */
    private static long[] measure(Path dir, boolean modules, int rounds) throws Exception {
        Path edited = generate(dir, modules);
        List<String> args = new ArrayList<>(List.of("test", "--build-only"));
        if (modules) {
            args.addAll(List.of("--module", "core"));
        }
        args.add(dir.resolve("project").toString());
        long cold = build(dir, args, "Built the runner");
        var unchanged = new ArrayList<Double>();
        var edits = new ArrayList<Double>();
        for (int i = 0; i < rounds; i++) {
            unchanged.add((double) build(dir, args, "Reused the runner"));
            Files.writeString(edited, Files.readString(edited) + "// edit " + i + "\n");
            edits.add((double) build(dir, args, "Built the runner"));
        }
        return new long[] {cold, Math.round(Report.median(unchanged)), Math.round(Report.median(edits))};
    }

    /** Writes the library; returns a source file of the tested module to edit. */
    private static Path generate(Path dir, boolean modules) throws IOException {
        Path project = dir.resolve("project");
        List<String> moduleNames = modules ? List.of("util-a", "util-b", "core") : List.of();
        String plugins =
                """
                  <build><pluginManagement><plugins>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                  </plugins></pluginManagement></build>
                """;
        String properties = "<properties><maven.compiler.release>17</maven.compiler.release>"
                + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>";
        if (!modules) {
            write(
                    project.resolve("pom.xml"),
                    "<project><modelVersion>4.0.0</modelVersion><groupId>bench.layout</groupId>"
                            + "<artifactId>core</artifactId><version>1.0</version>" + properties + plugins
                            + "</project>");
        } else {
            StringBuilder list = new StringBuilder();
            moduleNames.forEach(m -> list.append("<module>").append(m).append("</module>"));
            write(
                    project.resolve("pom.xml"),
                    "<project><modelVersion>4.0.0</modelVersion><groupId>bench.layout</groupId>"
                            + "<artifactId>parent</artifactId><version>1.0</version><packaging>pom</packaging>"
                            + "<modules>" + list + "</modules>" + properties + plugins + "</project>");
            for (String m : moduleNames) {
                String deps = m.equals("core")
                        ? "<dependencies><dependency><groupId>bench.layout</groupId><artifactId>util-a</artifactId>"
                                + "<version>1.0</version></dependency><dependency><groupId>bench.layout</groupId>"
                                + "<artifactId>util-b</artifactId><version>1.0</version></dependency></dependencies>"
                        : "";
                write(
                        project.resolve(m).resolve("pom.xml"),
                        "<project><modelVersion>4.0.0</modelVersion><parent><groupId>bench.layout</groupId>"
                                + "<artifactId>parent</artifactId><version>1.0</version></parent>"
                                + "<artifactId>" + m + "</artifactId>" + deps + "</project>");
            }
        }
        Path edited = null;
        for (int i = 0; i < CLASSES; i++) {
            String module = modules ? moduleNames.get(i * 3 / CLASSES) : "";
            Path file = project.resolve(module).resolve("src/main/java/bench/layout/Part" + i + ".java");
            StringBuilder body = new StringBuilder("package bench.layout;\n\n/** Generated. */\npublic final class Part"
                    + i + " {\n    private Part" + i + "() {}\n");
            for (int k = 0; k < 10; k++) {
                body.append("    public static int f")
                        .append(k)
                        .append("(int x) { return x * ")
                        .append(i + k + 1)
                        .append(" + ")
                        .append(k)
                        .append("; }\n");
            }
            write(file, body.append("}\n").toString());
            edited = file;
        }
        Path core = modules ? project.resolve("core") : project;
        write(
                core.resolve("src/hive/java/bench/layout/hive/PartsTest.java"),
                """
                package bench.layout.hive;

                import static org.junit.jupiter.api.Assertions.assertEquals;

                import bench.layout.Part0;
                import bench.layout.Part%d;
                import dev.hive.runner.api.HiveTest;
                import org.junit.jupiter.api.Test;

                @HiveTest
                class PartsTest {
                    @Test
                    void computes() {
                        assertEquals(Part0.f0(1), 1);
                        assertEquals(Part%d.f0(1) > 0, true);
                    }
                }
                """
                        .formatted(CLASSES - 1, CLASSES - 1));
        return edited;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static long build(Path dir, List<String> args, String expected) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(Path.of("cli/bin/hive").toAbsolutePath().toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        builder.environment().put("HIVE_DAEMON", "off"); // a JVM per command, as before; no daemon left behind
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        long start = System.nanoTime();
        Process hive = builder.start();
        String output = new String(hive.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!hive.waitFor(10, TimeUnit.MINUTES) || hive.exitValue() != 0 || !output.contains(expected)) {
            throw new IllegalStateException(
                    "hive " + String.join(" ", args) + " did not say '" + expected + "':\n" + output);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
