package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's daemon (docs/cli.md, "The CLI's daemon"), black-box through the launcher {@code cli/bin/hive} against a
 * real monitor with a one-board virtual rack: from the second {@code hive test} on, the daemon runs the command (its
 * trace line says so) with the same results, report files relative to the client's directory and exit codes (0, 1,
 * 2); two clients at once from two directories; Ctrl-C on a client whose run is queued cancels the run; a killed
 * daemon does not break the next command; {@code HIVE_DAEMON=off} and {@code CI} start none; {@code hive daemon stop}
 * ends it. Each test class has its own cache directory, and stops its daemon.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonIT {

    private static final String RACK =
            """
            name: daemon-it
            backend: virtual
            channels: 1
            stacks:
              - name: stack-a
                targets: [lm3s6965evb]
            """;

    private static final Pattern SERVED = Pattern.compile("hive cli daemon: request (\\d+) served by pid (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;

    private static MonitorProcess monitor;
    private static Path launcher;

    @BeforeAll
    static void start() throws Exception {
        monitor = MonitorProcess.start(home.resolve("monitor"), List.of("it"), RACK, "");
        Path install = home.resolve("install");
        launcher = install.resolve("bin/hive");
        Files.createDirectories(launcher.getParent());
        Files.createDirectories(install.resolve("target"));
        Files.copy(Fixtures.repoRoot().resolve("cli/bin/hive"), launcher);
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        Files.copy(
                HiveProcess.jar(),
                install.resolve("target").resolve(HiveProcess.jar().getFileName()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            Run stopped = run(home, Map.of(), "daemon", "stop");
            assertThat(stopped.code()).as(stopped.all()).isZero();
            assertThat(daemonPid()).as("the daemon is gone").isNull();
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    @Test
    @Order(1)
    void theSecondTestIsServedByTheDaemonWithTheSameResultsReportsAndExitCodes() throws Exception {
        Path work = Files.createDirectories(home.resolve("work"));
        Run plain = run(work, Map.of(), "test", example(), "--junit", "plain/run.xml", "--json", "plain/run.json");
        assertThat(plain.code()).as(plain.all()).isEqualTo(ExitCode.OK);
        assertThat(plain.servedBy())
                .as("the first one writes the CLI's archive: no daemon")
                .isNull();

        Run served = run(work, Map.of(), "test", example(), "--junit", "served/run.xml", "--json", "served/run.json");
        assertThat(served.code()).as(served.all()).isEqualTo(ExitCode.OK);
        assertThat(served.servedBy()).as(served.all()).isNotNull();
        assertThat(served.servedBy().group(2)).isEqualTo(Long.toString(daemonPid()));
        assertThat(passed(served.out())).isEqualTo(passed(plain.out())).isNotEmpty();
        assertThat(work.resolve("served/run.xml")).isNotEmptyFile();
        assertThat(results(work.resolve("served/run.json"))).isEqualTo(results(work.resolve("plain/run.json")));

        Run usage = run(work, Map.of(), "test", "--no-such-option");
        assertThat(usage.code()).as(usage.all()).isEqualTo(ExitCode.USAGE);
        assertThat(usage.err()).contains("Unknown option: '--no-such-option'");
        assertThat(usage.servedBy()).isNotNull();

        Run failing =
                run(work, Map.of(), "test", Fixtures.fixture("failing-test").toString());
        assertThat(failing.code()).as(failing.all()).isEqualTo(ExitCode.TESTS_FAILED);
        assertThat(failing.out()).contains("FAILED");
        assertThat(failing.servedBy()).isNotNull();
    }

    @Test
    @Order(2)
    void twoClientsAtOnceFromTwoDirectoriesEachGetTheirOwnRun() throws Exception {
        Path a = Files.createDirectories(home.resolve("a"));
        Path b = Files.createDirectories(home.resolve("b"));
        Running first = start(a, Map.of(), "test", example(), "--json", "run.json");
        Running second = start(b, Map.of(), "test", example(), "--json", "run.json");
        Run one = first.await();
        Run two = second.await();
        assertThat(one.code()).as(one.all()).isZero();
        assertThat(two.code()).as(two.all()).isZero();
        assertThat(one.servedBy()).isNotNull();
        assertThat(two.servedBy()).isNotNull();
        assertThat(one.servedBy().group(1)).isNotEqualTo(two.servedBy().group(1));
        String runA = one.out().replaceAll("(?s).*Run (\\d+) submitted.*", "$1");
        String runB = two.out().replaceAll("(?s).*Run (\\d+) submitted.*", "$1");
        assertThat(runA).isNotEqualTo(runB);
        assertThat(results(a.resolve("run.json"))).isNotEmpty().isEqualTo(results(b.resolve("run.json")));
        assertThat(one.out()).contains("Run " + runA + " submitted").doesNotContain("Run " + runB + " submitted");
        assertThat(two.out()).contains("Run " + runB + " submitted").doesNotContain("Run " + runA + " submitted");
    }

    @Test
    @Order(3)
    void ctrlCOnAClientWhoseRunIsQueuedCancelsTheRun() throws Exception {
        Path idle = IdleRunner.build(Files.createDirectories(home.resolve("idle")));
        long busy = IdleRunner.startRun(HTTP, monitor.url(), monitor.token("it"), idle);
        try {
            Running waiting = start(home, Map.of(), "test", example());
            waiting.awaitOut("Queued: position");
            Process kill = new ProcessBuilder(
                            "kill", "-INT", Long.toString(waiting.process().pid()))
                    .start();
            assertThat(kill.waitFor()).isZero();
            Run interrupted = waiting.await();

            String runId = interrupted.out().replaceAll("(?s).*Run (\\d+) submitted.*", "$1");
            assertThat(interrupted.code()).as(interrupted.all()).isEqualTo(130);
            assertThat(interrupted.err()).contains("Cancelled run " + runId + " (it was still queued)");
            assertThat(api("GET", "/api/v1/runs/" + runId).path("state").asText())
                    .isEqualTo("cancelled");
        } finally {
            api("DELETE", "/api/v1/runs/" + busy);
        }
    }

    @Test
    @Order(4)
    void aKilledDaemonDoesNotBreakTheNextCommand() throws Exception {
        Long pid = daemonPid();
        assertThat(pid).isNotNull();
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        assertThat(daemon.destroyForcibly()).isTrue();
        daemon.onExit().get(30, TimeUnit.SECONDS);

        Run next = run(home, Map.of(), "test", example());
        assertThat(next.code()).as(next.all()).isZero();
        assertThat(next.out()).contains("PASSED");
    }

    @Test
    @Order(5)
    void aDaemonThatDoesNotTakeTheRequestLeavesItToThePlainJvm() throws Exception {
        Run served = run(home, Map.of(), "test", "--help");
        for (int i = 0; i < 2 && served.servedBy() == null; i++) { // alone: the archive's dump, the daemon's start
            served = run(home, Map.of(), "test", "--help");
        }
        assertThat(served.servedBy()).as(served.all()).isNotNull();
        long pid = daemonPid();
        signal("STOP", pid);
        try {
            Run plain = run(home, Map.of(), "test", "--help");
            assertThat(plain.code()).as(plain.all()).isZero();
            assertThat(plain.out()).isEqualTo(served.out());
            assertThat(plain.servedBy()).as("the plain JVM ran it").isNull();
        } finally {
            signal("CONT", pid);
        }
        Run again = run(home, Map.of(), "test", "--help");
        assertThat(again.servedBy()).as(again.all()).isNotNull();
        assertThat(again.servedBy().group(2)).isEqualTo(Long.toString(pid));
        try (var dirs = Files.list(home.resolve("cache/hive/daemon"))) {
            Path log = dirs.findFirst().orElseThrow().resolve("log");
            assertThat(Files.readString(log))
                    .as("the withdrawn request is not run")
                    .contains("ignored a request that cannot be read");
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    @Order(6)
    void offOrInCiNoDaemonStarts() throws Exception {
        Path cache = home.resolve("other-cache");
        for (Map<String, String> env : List.of(Map.of("HIVE_DAEMON", "off"), Map.of("CI", "true"))) {
            for (int i = 0; i < 2; i++) { // the first writes the CLI's archive, the second would start a daemon
                Map<String, String> withCache = new HashMap<>(env);
                withCache.put("XDG_CACHE_HOME", cache.toString());
                Run help = run(home, withCache, "test", "--help");
                assertThat(help.code()).as(help.all()).isZero();
                assertThat(help.servedBy()).isNull();
            }
            assertThat(cache.resolve("hive/daemon")).doesNotExist();
        }
    }

    @Test
    @Order(7)
    void statusNamesTheDaemon() throws Exception {
        Run status = run(home, Map.of(), "daemon", "status");
        assertThat(status.code()).as(status.all()).isZero();
        assertThat(status.out()).contains("CLI daemon pid " + daemonPid());
    }

    private static String example() {
        return Fixtures.repoRoot().resolve("examples/rsp-probe").toString();
    }

    /** The result lines ("PASSED ...") of a run's output, sorted, without their durations. */
    private static List<String> passed(String out) {
        return out.lines()
                .filter(l -> l.contains("PASSED"))
                .map(l -> l.replaceAll("\\(?\\d+(\\.\\d+)? m?s\\)?", "").strip())
                .sorted()
                .toList();
    }

    /** The (test, status) pairs of a run's JSON report. */
    private static List<String> results(Path json) throws IOException {
        List<String> results = new ArrayList<>();
        for (JsonNode r : JSON.readTree(json.toFile()).path("results")) {
            results.add(r.path("testId").asText() + " " + r.path("status").asText());
        }
        return results.stream().sorted().toList();
    }

    /** The pid in the daemon's pid file, or null when no daemon serves. */
    private static Long daemonPid() throws IOException {
        Path root = home.resolve("cache/hive/daemon");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path pid = dir.resolve("pid");
                if (Files.isRegularFile(pid)) {
                    long value = Long.parseLong(Files.readString(pid).strip());
                    if (ProcessHandle.of(value).map(ProcessHandle::isAlive).orElse(false)) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static JsonNode api(String method, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(monitor.url() + path))
                        .header("Authorization", "Bearer " + monitor.token("it"))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** One command through the launcher. */
    private record Run(int code, String out, String err) {

        String all() {
            return "exit " + code + "\n--- stderr\n" + err + "--- stdout\n" + out;
        }

        /** The daemon's trace line's match (request number, pid), or null when no daemon ran the command. */
        Matcher servedBy() {
            Matcher m = SERVED.matcher(err);
            return m.find() ? m : null;
        }
    }

    /** A command through the launcher that is still running. */
    private record Running(Process process, Path out, Path err) {

        void awaitOut(String text) throws Exception {
            for (int i = 0; i < 1200 && !Files.readString(out).contains(text); i++) {
                assertThat(process.isAlive())
                        .as("hive ended before printing '%s': %s", text, Files.readString(out))
                        .isTrue();
                Thread.sleep(100);
            }
            assertThat(Files.readString(out)).contains(text);
        }

        Run await() throws Exception {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("hive did not end in 5 minutes: " + Files.readString(err));
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    private static Run run(Path dir, Map<String, String> env, String... args) throws Exception {
        return start(dir, env, args).await();
    }

    private static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("HIVE_URL", monitor.url());
        builder.environment().put("HIVE_TOKEN", monitor.token("it"));
        builder.environment().put("HIVE_CLI_TRACE", "1");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        return new Running(
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    }
}
