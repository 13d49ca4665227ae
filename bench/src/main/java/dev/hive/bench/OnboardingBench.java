package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A new user's way to a first passing run: from an empty Maven project (as the quickstart archetype makes it) to the
 * first passing {@code hive test}, with {@code hive init --yes} and {@code hive test}, on a cold CLI cache: how many
 * commands and how long, side by side with {@code hive test} on the example candidate from the same cold start.
 */
final class OnboardingBench {

    static final String RACK =
            """
            name: bench-onboarding
            backend: virtual
            channels: 2
            stacks:
              - name: stack-a
                targets: [lm3s6965evb, sifive_e]
            """;

    /** An empty project as {@code mvn archetype:generate} (maven-archetype-quickstart) makes it, in short. */
    static final String EMPTY_POM =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>my-probe</artifactId>
              <version>1.0-SNAPSHOT</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>5.11.4</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
              <build>
                <pluginManagement>
                  <plugins>
                    <plugin>
                      <artifactId>maven-compiler-plugin</artifactId>
                      <version>3.14.0</version>
                    </plugin>
                    <plugin>
                      <artifactId>maven-surefire-plugin</artifactId>
                      <version>3.5.4</version>
                    </plugin>
                  </plugins>
                </pluginManagement>
              </build>
            </project>
            """;

    private final boolean quick;
    private final Report report;
    private final ObjectMapper json = new ObjectMapper();

    OnboardingBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        var report = new Report();
        new OnboardingBench(List.of(args).contains("--quick"), report).run();
        System.out.println();
        report.print(System.out);
    }

    /** One command: its wall time in ms, and the results of a run when it wrote them. */
    record Step(String command, long millis, int results, int passed) {}

    void run() throws Exception {
        Path work = Files.createTempDirectory("hive-bench-onboarding-");
        try (var monitor = MonitorProcess.start(RACK)) {
            List<Step> onboarding = null;
            Step example = null;
            // Best of a few cold starts (the machine is shared); each round a new project and new CLI caches.
            for (int round = 0; round < (quick ? 1 : 2); round++) {
                Path project = emptyProject(work.resolve("my-probe-" + round));
                Path newUser = work.resolve("new-user-" + round);
                List<Step> steps = List.of(
                        hive(monitor, newUser, "init", "--yes", project.toString()),
                        hive(monitor, newUser, "test", project.toString()));
                if (onboarding == null || total(steps) < total(onboarding)) {
                    onboarding = steps;
                }
                Step e = hive(monitor, work.resolve("example-user-" + round), "test", "examples/rsp-probe");
                if (example == null || e.millis() < example.millis()) {
                    example = e;
                }
            }
            Step first = onboarding.get(1);
            report.add(
                    "onboarding: empty Maven project to first passing hive test, cold CLI cache",
                    "%d commands, %d ms: hive init --yes %d ms + hive test %d ms (%d of %d passed)"
                            .formatted(
                                    onboarding.size(),
                                    total(onboarding),
                                    onboarding.get(0).millis(),
                                    first.millis(),
                                    first.passed(),
                                    first.results()),
                    "");
            report.add(
                    "  the example (examples/rsp-probe), same rack, cold CLI cache",
                    "1 command, %d ms: hive test (%d of %d passed); onboarding / example %.2fx"
                            .formatted(
                                    example.millis(),
                                    example.passed(),
                                    example.results(),
                                    (double) total(onboarding) / example.millis()),
                    "");
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long total(List<Step> steps) {
        return steps.stream().mapToLong(Step::millis).sum();
    }

    private static Path emptyProject(Path project) throws Exception {
        Path app = project.resolve("src/main/java/com/example/App.java");
        Files.createDirectories(app.getParent());
        Files.writeString(project.resolve("pom.xml"), EMPTY_POM);
        Files.writeString(app, "package com.example;\n\npublic class App {}\n");
        return project;
    }

    /** One {@code hive} command as a user with the home {@code user} (its own CLI cache) runs it; it must pass. */
    private Step hive(MonitorProcess monitor, Path user, String... args) throws Exception {
        Files.createDirectories(user);
        Path results = user.resolve("run.json");
        List<String> command =
                new ArrayList<>(List.of(Path.of("cli/bin/hive").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        boolean test = args[0].equals("test");
        if (test) {
            command.addAll(List.of("--json", results.toString()));
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HIVE_URL", monitor.base);
        builder.environment().put("HIVE_TOKEN", monitor.token);
        builder.environment().put("XDG_CACHE_HOME", user.resolve("cache").toString());
        builder.environment().put("HIVE_DAEMON", "off"); // a JVM per command, as before; no daemon left behind
        builder.environment().put("XDG_CONFIG_HOME", user.resolve("config").toString());
        long start = System.nanoTime();
        Process hive = builder.start();
        String output = new String(hive.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!hive.waitFor(10, TimeUnit.MINUTES) || hive.exitValue() != 0) {
            throw new IllegalStateException("hive " + String.join(" ", args) + " failed:\n" + output);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (!test) {
            return new Step(args[0], millis, 0, 0);
        }
        JsonNode run = json.readTree(results.toFile());
        int passed = 0;
        for (JsonNode r : run.get("results")) {
            passed += "PASSED".equals(r.path("status").asText()) ? 1 : 0;
        }
        return new Step(args[0], millis, run.get("results").size(), passed);
    }
}
