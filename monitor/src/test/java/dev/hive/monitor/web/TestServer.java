package dev.hive.monitor.web;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.sandbox.SandboxMode;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunTickets;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** A real monitor HTTP server on port 0 over a real SQLite file, and a real HTTP client. */
final class TestServer implements AutoCloseable {

    static final RackView RACK = new RackView(
            List.of(new RackView.Probe("rsp-probe-0", "VP0", "ready")),
            List.of(
                    new RackView.Target("qemu-cortex-m3", "0/0", "flashed"),
                    new RackView.Target("qemu-cortex-m4", "0/1", "flash failed: no image")));

    /** The name of a token the server takes as an admin (auth.adminTokens). */
    static final String ADMIN = "test-admin";

    final Vertx vertx = Vertx.vertx();
    final Database database;
    final ApiTokenRepository tokens;
    final RunRepository runs;
    final ResultRepository results;
    final RunQueue queue;
    final RunTickets tickets;
    final Set<Long> cancelledByRunner = ConcurrentHashMap.newKeySet();
    final RunEventHub events;
    final ApiServer server;
    final String token;
    final String base;
    final Path dataDir;
    final HttpClient http;

    TestServer(Path dataDir, long uploadBytes, int pendingTickets) throws Exception {
        this(dataDir, uploadBytes, pendingTickets, Duration.ofMinutes(2));
    }

    /** A server that closes connections idle for {@code idleTimeout}. */
    TestServer(Path dataDir, long uploadBytes, int pendingTickets, Duration idleTimeout) throws Exception {
        this(
                dataDir,
                uploadBytes,
                pendingTickets,
                Optional.empty(),
                Optional.empty(),
                HttpClient.newHttpClient(),
                idleTimeout);
    }

    /** A server with TLS when {@code certificate} and {@code key} are given; {@code http} must trust it. */
    TestServer(
            Path dataDir,
            long uploadBytes,
            int pendingTickets,
            Optional<Path> certificate,
            Optional<Path> key,
            HttpClient http)
            throws Exception {
        this(dataDir, uploadBytes, pendingTickets, certificate, key, http, Duration.ofMinutes(2));
    }

    /** A server with TLS when {@code certificate} and {@code key} are given, closing connections idle for {@code idleTimeout}. */
    TestServer(
            Path dataDir,
            long uploadBytes,
            int pendingTickets,
            Optional<Path> certificate,
            Optional<Path> key,
            HttpClient http,
            Duration idleTimeout)
            throws Exception {
        this(
                dataDir,
                uploadBytes,
                pendingTickets,
                certificate,
                key,
                http,
                idleTimeout,
                MonitorConfig.Limits.DEFAULT_REATTACH);
    }

    /** A plain server whose run sockets have {@code reattach} to re-attach. */
    static TestServer withReattach(Path dataDir, Duration reattach) throws Exception {
        return new TestServer(
                dataDir,
                1_000_000,
                20,
                Optional.empty(),
                Optional.empty(),
                HttpClient.newHttpClient(),
                Duration.ofMinutes(2),
                reattach);
    }

    private TestServer(
            Path dataDir,
            long uploadBytes,
            int pendingTickets,
            Optional<Path> certificate,
            Optional<Path> key,
            HttpClient http,
            Duration idleTimeout,
            Duration reattach)
            throws Exception {
        this.dataDir = dataDir;
        this.events = new RunEventHub(Clock.systemUTC(), reattach);
        this.http = http;
        Clock clock = Clock.systemUTC();
        var limits = new MonitorConfig.Limits(
                uploadBytes,
                pendingTickets,
                5,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                1000,
                idleTimeout,
                reattach);
        // a token named ADMIN (none unless a test creates it) is an admin of the REST API
        var config = new MonitorConfig(
                dataDir,
                0,
                "127.0.0.1",
                certificate,
                key,
                dataDir.resolve("rack.yaml"),
                limits,
                SandboxMode.NONE,
                Duration.ofHours(24),
                dev.hive.monitor.config.FleetConfig.DISABLED,
                dev.hive.monitor.config.MetricsConfig.DEFAULT,
                Set.of(ADMIN),
                dev.hive.monitor.config.LeaseConfig.defaults(),
                MonitorConfig.HealthChecking.DEFAULT,
                true);
        database = Database.open(config.databaseFile(), clock);
        tokens = new ApiTokenRepository(database, clock);
        runs = new RunRepository(database, clock);
        results = new ResultRepository(database);
        queue = new RunQueue(5, Duration.ofSeconds(10));
        tickets = new RunTickets(pendingTickets, Duration.ofSeconds(30), clock, new SecureRandom());
        token = tokens.create("ci", "test token", Optional.empty()).plaintext();
        server = new ApiServer(
                vertx,
                new ApiDependencies(
                        config,
                        "0.1.0-test",
                        database,
                        tokens,
                        runs,
                        results,
                        queue,
                        tickets,
                        () -> RACK,
                        cancelledByRunner::add,
                        events,
                        Sandbox.of(SandboxMode.NONE).status(),
                        Optional::empty));
        int port = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        base = (certificate.isPresent() ? "https" : "http") + "://localhost:" + port;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> postMultipart(Multipart body) throws IOException, InterruptedException {
        return send(request("/api/v1/runs")
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build());
    }

    HttpResponse<String> postJson(String json) throws IOException, InterruptedException {
        return send(request("/api/v1/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** A JAR whose manifest names {@code mainClass} (none when null). */
    static byte[] jar(String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("dev/hive/runner/Main.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            jar.closeEntry();
        }
        return out.toByteArray();
    }

    static byte[] runnerJar() throws IOException {
        return jar(RunnerJars.RUNNER_MAIN);
    }

    @Override
    public void close() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        database.close();
    }

    /** A multipart/form-data body built part by part. */
    static final class Multipart {
        private final String boundary = "hive-test-boundary-7MA4YWxkTrZu0gW";
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart file(String name, String contentType, byte[] content) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name + ".bin\"\r\n"
                            + "Content-Type: " + contentType + "\r\n",
                    content);
        }

        Multipart field(String name, String value) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"\r\n",
                    value.getBytes(StandardCharsets.UTF_8));
        }

        private Multipart part(String headers, byte[] content) {
            write("--" + boundary + "\r\n" + headers + "\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return copy.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
