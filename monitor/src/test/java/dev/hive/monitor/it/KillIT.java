package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.run.RunPhase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor process ({@code java -jar hive-monitor.jar serve}, virtual rack of QEMU boards) killed with SIGKILL
 * while a run is running, then started again on the same directory: the database opens and passes SQLite's
 * integrity check, the run is {@code interrupted}, a new run finishes on the rack, and nothing the killed monitor
 * started (QEMU boards, their reaper, the sandboxed runner) outlives it.
 */
class KillIT {

    private static final Pattern READY = Pattern.compile("ready on port (\\d+)");

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void aMonitorKilledDuringARunRestartsCleanAndLeavesNoProcessBehind() throws Exception {
        Files.writeString(dir.resolve("rack.yaml"), LiveMonitor.RACK_FILE);
        Files.writeString(
                dir.resolve("monitor.yaml"),
                """
                dataDir: data
                rackFile: rack.yaml
                http:
                  port: 0
                  bindAddress: 127.0.0.1
                """);
        Process init = monitor("init", "--token", "it", "--token-file", "it.token")
                .redirectOutput(dir.resolve("init.log").toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(init.waitFor(60, TimeUnit.SECONDS) && init.exitValue() == 0)
                .as("init: %s", Files.readString(dir.resolve("init.log")))
                .isTrue();
        String token = Files.readString(dir.resolve("it.token")).strip();
        Path hang = new FaultRunners(dir.resolve("runners")).hangsAfterHello();

        Process first = serve("first.log");
        long interruptedId;
        List<ProcessHandle> children;
        try {
            String base = "http://127.0.0.1:" + awaitReady(first, "first.log");
            JsonNode submitted = submit(base, token, hang);
            interruptedId = submitted.get("runId").asLong();
            RunStream stream = RunStream.open(
                    http,
                    URI.create("ws" + base.substring(4) + "/api/v1/runs/socket?ticket="
                            + submitted.get("ticket").asText()),
                    token);
            stream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, Duration.ofSeconds(60));
            // RUNNING begins with the health checks due (a fresh rack's targets are UNKNOWN), then the runner
            children = runnerStarted(first, Duration.ofSeconds(60));
            assertThat(children)
                    .extracting(KillIT::commandLine)
                    .as("the killed monitor's processes")
                    .anyMatch(c -> c.contains("qemu-system"))
                    .anyMatch(KillIT::isRunner);

            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(137);
        } finally {
            first.destroyForcibly();
        }
        assertThat(survivors(children, Duration.ofSeconds(20)))
                .as("processes of the killed monitor still alive after 20 s")
                .isEmpty();

        Path database = dir.resolve("data/hive.db");
        assertThat(integrityCheck(database)).isEqualTo("ok");

        Process second = serve("second.log");
        try {
            String base = "http://127.0.0.1:" + awaitReady(second, "second.log");
            JsonNode interrupted = getJson(base, token, "/api/v1/runs/" + interruptedId);
            assertThat(interrupted.get("state").asText())
                    .as("run: %s", interrupted)
                    .isEqualTo("interrupted");
            assertThat(interrupted.get("finishedAt").isNull()).isFalse();

            JsonNode again = submit(base, token, LiveMonitor.exampleRunner());
            RunStream stream = RunStream.open(
                    http,
                    URI.create("ws" + base.substring(4) + "/api/v1/runs/socket?ticket="
                            + again.get("ticket").asText()),
                    token);
            RunEnded ended = stream.awaitEnded(Duration.ofMinutes(2));
            assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("finished");
            assertThat(ended.summary().errors()).isZero();
            assertThat(ended.summary().passed()).isPositive();
        } finally {
            List<ProcessHandle> left = second.descendants().toList();
            second.destroy();
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
            assertThat(survivors(left, Duration.ofSeconds(20))).isEmpty();
        }
        assertThat(integrityCheck(database)).isEqualTo("ok");
    }

    private ProcessBuilder monitor(String... args) {
        String jar = System.getProperty("hive.monitor.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the monitor JAR is missing (" + jar + "); run mvn package -pl monitor");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar,
                "-c",
                dir.resolve("monitor.yaml").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private Process serve(String log) throws Exception {
        return monitor("serve")
                .redirectOutput(dir.resolve(log).toFile())
                .redirectErrorStream(true)
                .start();
    }

    private int awaitReady(Process process, String log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = READY.matcher(Files.readString(dir.resolve(log)));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the monitor exited: " + Files.readString(dir.resolve(log)));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the monitor is not ready: " + Files.readString(dir.resolve(log)));
    }

    private JsonNode submit(String base, String token, Path jar) throws Exception {
        String boundary = "hive-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"runner\"; filename=\"runner.jar\"\r\n"
                        + "Content-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("submit: %s", response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private JsonNode getJson(String base, String token, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The monitor's descendants once its runner is among them, or as they are after {@code limit}. */
    private static List<ProcessHandle> runnerStarted(Process monitor, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<ProcessHandle> children = monitor.descendants().toList();
            if (children.stream().map(KillIT::commandLine).anyMatch(KillIT::isRunner) || System.nanoTime() > deadline) {
                return children;
            }
            Thread.sleep(200);
        }
    }

    private static boolean isRunner(String commandLine) {
        return commandLine.contains("bwrap") || commandLine.contains("hangs.jar") || commandLine.contains("runner");
    }

    /** Those of {@code processes} still alive after at most {@code limit}. */
    private static List<String> survivors(List<ProcessHandle> processes, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<String> alive = processes.stream()
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.pid() + " " + commandLine(p))
                    .toList();
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(200);
        }
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse(process.info().command().orElse("?"));
    }

    private static String integrityCheck(Path database) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + database);
                var s = c.createStatement();
                var rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
