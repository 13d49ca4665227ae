package dev.hive.monitor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.monitor.Monitor;
import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.config.ConfigLoader;
import dev.hive.monitor.task.RunnerLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A real monitor for the integration tests: its own data directory, a small virtual rack of real QEMU boards
 * (2 channels; an Arm and a RISC-V board on one stack), port 0 on loopback, a real API token, and a real
 * HTTP/WebSocket client.
 */
final class LiveMonitor implements AutoCloseable {

    static final String RACK_FILE =
            """
            name: monitor-it
            backend: virtual
            channels: 2
            stacks:
              - name: stack-a
                targets: [lm3s6965evb, sifive_e]
            """;

    /** The shaded runner of the example candidate (built by examples/rsp-probe-runner). */
    static Path exampleRunner() {
        String jar = System.getProperty("hive.example.runner.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the example runner JAR is missing (" + jar
                    + "); build examples/rsp-probe-runner first (mvn package -pl examples/rsp-probe-runner -am)");
        }
        return Path.of(jar);
    }

    final Path dir;
    final Path configFile;
    final Monitor monitor;
    final String token;
    final String base;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    private LiveMonitor(Path dir, Path configFile, Monitor monitor, String token) {
        this.dir = dir;
        this.configFile = configFile;
        this.monitor = monitor;
        this.token = token;
        this.base = "http://127.0.0.1:" + monitor.port();
    }

    /**
     * Starts a monitor in {@code dir}. {@code extraConfig} is appended to the YAML config (e.g. {@code
     * "limits:\n  queueLength: 2\n"}); a token named {@code it} is created when the database has none.
     */
    static LiveMonitor start(Path dir, String extraConfig, RunnerLauncher launcher) throws IOException {
        Files.createDirectories(dir);
        Path rack = dir.resolve("rack.yaml");
        Files.writeString(rack, RACK_FILE);
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(
                config,
                """
                dataDir: data
                rackFile: rack.yaml
                http:
                  port: 0
                  bindAddress: 127.0.0.1
                """
                        + extraConfig);
        Monitor monitor = Monitor.start(new ConfigLoader(Map.of()).load(Optional.of(config)), launcher);
        var tokens = new ApiTokenRepository(monitor.database(), Clock.systemUTC());
        Path tokenFile = dir.resolve("token");
        String token;
        if (Files.exists(tokenFile)) {
            token = Files.readString(tokenFile).strip();
        } else {
            token = tokens.create("it", "integration tests", Optional.empty()).plaintext();
            Files.writeString(tokenFile, token);
        }
        return new LiveMonitor(dir, config, monitor, token);
    }

    static LiveMonitor start(Path dir, String extraConfig) throws IOException {
        return start(dir, extraConfig, RunnerLauncher.javaJar());
    }

    /** The answer of {@code POST /api/v1/runs}. */
    record Submitted(int status, JsonNode body) {
        long runId() {
            return body.get("runId").asLong();
        }

        String ticket() {
            return body.get("ticket").asText();
        }
    }

    /** Submits {@code jar} with {@code optionsJson} (may be null) as multipart. */
    Submitted submit(Path jar, String optionsJson) throws IOException, InterruptedException {
        String boundary = "hive-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"runner\"; filename=\"runner.jar\"\r\n"
                        + "Content-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        if (optionsJson != null) {
            body.write(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"options\"; filename=\"o.json\"\r\n"
                                    + "Content-Type: application/json\r\n\r\n" + optionsJson + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(request("/api/v1/runs")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
        return new Submitted(response.statusCode(), json.readTree(response.body()));
    }

    /** Opens the run's WebSocket with {@code ticket}. */
    RunStream stream(String ticket) {
        return RunStream.open(
                http, URI.create("ws" + base.substring(4) + "/api/v1/runs/socket?ticket=" + ticket), token);
    }

    /** Submits, streams and waits for the end of a run; answers its stream. */
    RunStream run(Path jar, String optionsJson, Duration limit) throws Exception {
        Submitted submitted = submit(jar, optionsJson);
        if (submitted.status() != 201) {
            throw new AssertionError("submit answered " + submitted.status() + ": " + submitted.body());
        }
        RunStream stream = stream(submitted.ticket());
        stream.awaitEnded(limit);
        return stream;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    @Override
    public void close() {
        monitor.close();
    }
}
