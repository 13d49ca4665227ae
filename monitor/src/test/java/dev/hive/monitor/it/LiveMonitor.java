package dev.hive.monitor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.monitor.Monitor;
import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.config.ConfigLoader;
import dev.hive.monitor.task.RunnerLauncher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
     * "limits:\n  queueLength: 2\n"}); health checks are off unless it has a {@code health:} section (so the
     * idle checks never hold the rack while another suite reloads it or times its runs); a token named {@code it} is created when the database has none.
     */
    static LiveMonitor start(Path dir, String extraConfig, RunnerLauncher launcher) throws IOException {
        return start(dir, RACK_FILE, extraConfig, launcher);
    }

    /** As {@link #start(Path, String, RunnerLauncher)} with the rack file {@code rackFile} (YAML text). */
    static LiveMonitor start(Path dir, String rackFile, String extraConfig, RunnerLauncher launcher)
            throws IOException {
        return start(dir, rackFile, extraConfig, launcher, Clock.systemUTC());
    }

    /** As {@link #start(Path, String, String, RunnerLauncher)} on {@code clock} (e.g. a test's movable clock). */
    static LiveMonitor start(Path dir, String rackFile, String extraConfig, RunnerLauncher launcher, Clock clock)
            throws IOException {
        Files.createDirectories(dir);
        Path rack = dir.resolve("rack.yaml");
        Files.writeString(rack, rackFile);
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
                        + (extraConfig.contains("health:") ? "" : "health:\n  checks: false\n")
                        + extraConfig);
        Monitor monitor = Monitor.start(new ConfigLoader(Map.of()).load(Optional.of(config)), launcher, clock);
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
        return submit(jar, optionsJson, false);
    }

    /**
     * Submits a run; with {@code chunked} the body goes without a {@code Content-Length}, as a client that streams
     * it would send it.
     */
    Submitted submit(Path jar, String optionsJson, boolean chunked) throws IOException, InterruptedException {
        return submit(jar, optionsJson, chunked, null);
    }

    /** Submits a run with the header {@code Idempotency-Key: key} (docs/api.md). */
    Submitted submit(Path jar, String optionsJson, String idempotencyKey) throws IOException, InterruptedException {
        return submit(jar, optionsJson, false, idempotencyKey);
    }

    private Submitted submit(Path jar, String optionsJson, boolean chunked, String idempotencyKey)
            throws IOException, InterruptedException {
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
        HttpRequest.Builder request = request("/api/v1/runs");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = send(request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(
                        chunked
                                ? HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new ByteArrayInputStream(body.toByteArray()))
                                : HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
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

    /** {@code POST path} with the JSON {@code body}; its JSON answer, which must be a success. */
    JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** Opens the {@code stream} ({@code gdb} or {@code uart}) of lease {@code lease} with a new ticket. */
    WebSocket openLeaseStream(long lease, String stream, WebSocket.Listener listener)
            throws IOException, InterruptedException {
        String path = post("/api/v1/leases/" + lease + "/tickets", "{\"stream\":\"" + stream + "\"}")
                .path("path")
                .asText();
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(base.replace("http", "ws") + path), listener)
                .join();
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    /** {@code GET /healthz} (no token). */
    JsonNode health() throws IOException, InterruptedException {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + "/healthz")).GET().build());
        return json.readTree(response.body());
    }

    /** The run as {@code GET /api/v1/runs/{id}} shows it, once it is in {@code state} (waits at most {@code limit}). */
    JsonNode awaitState(long runId, String state, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode run = getJson("/api/v1/runs/" + runId);
        while (!run.get("state").asText().equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = getJson("/api/v1/runs/" + runId);
        }
        return run;
    }

    /** The answer to a WebSocket upgrade the monitor refuses: status, headers and the JSON error body. */
    record Refusal(int status, Map<String, String> headers, JsonNode body) {}

    /**
     * Asks for the run's WebSocket with a raw HTTP/1.1 upgrade, to read a refusal the way a client sees it (the
     * JDK's WebSocket client hides the body). A {@code 101} (not refused) answers with an empty body; the
     * connection is then closed, as by a client that leaves.
     */
    Refusal upgrade(String ticket) throws IOException {
        try (var socket = new java.net.Socket("127.0.0.1", monitor.port())) {
            socket.setSoTimeout(30_000);
            String request = "GET /api/v1/runs/socket?ticket=" + ticket + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + monitor.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            String status = readLine(in);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            if (code == 101) {
                return new Refusal(code, headers, json.createObjectNode());
            }
            byte[] body = new byte[Integer.parseInt(headers.getOrDefault("Content-Length", "0"))];
            in.readFully(body);
            return new Refusal(code, headers, json.readTree(body));
        }
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the monitor closed the connection in the middle of its answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /**
     * The processes this JVM started that are still alive, except this monitor's rack (its QEMU boards and its
     * reaper, whose command lines name the rack's run directory), waiting at most {@code limit} for them to go
     * away (a killed process tree takes a moment to be reaped).
     */
    java.util.List<String> strayProcesses(Duration limit) throws InterruptedException {
        String rackDir = ((dev.hive.rack.virtual.VirtualRackBackend)
                        monitor.rack().backend())
                .runDirectory()
                .toString();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            java.util.Set<Long> rack = new java.util.HashSet<>();
            ProcessHandle.current()
                    .descendants()
                    .filter(p -> isRack(p, rackDir))
                    .forEach(p -> {
                        rack.add(p.pid());
                        p.descendants().forEach(d -> rack.add(d.pid()));
                    });
            java.util.List<String> stray = ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.isAlive() && !rack.contains(p.pid()))
                    .map(p -> p.pid() + " " + commandLine(p))
                    .toList();
            if (stray.isEmpty() || System.nanoTime() > deadline) {
                return stray;
            }
            Thread.sleep(100);
        }
    }

    private static boolean isRack(ProcessHandle process, String rackDir) {
        String line = commandLine(process);
        return line.contains("qemu-system") || line.contains(rackDir);
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse(process.info().command().orElse("?"));
    }

    @Override
    public void close() {
        monitor.close();
    }
}
