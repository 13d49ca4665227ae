package dev.hive.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * A real runner JAR, built at test time, that keeps the rack busy: it says hello over IPC and idles until the monitor
 * sends {@code cancel}, then reports an empty {@code runFinished} (as the monitor's {@code FaultRunners.idlesUntilCancelled}).
 * {@link #submit} starts a run of it with a token, so a CLI test has "a run in progress" for as long as it likes.
 */
final class IdleRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String MAIN =
            """
            package dev.hive.runner;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                    channel.connect(java.net.UnixDomainSocketAddress.of(args[0]));
                    send(channel, "{\\"type\\":\\"hello\\",\\"protocolVersion\\":1,\\"runId\\":\\"" + args[1]
                            + "\\",\\"runnerVersion\\":\\"idle\\"}\\n");
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                            java.nio.channels.Channels.newInputStream(channel)));
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.replace(" ", "").contains("\\"type\\":\\"cancel\\"")) {
                            send(channel, "{\\"type\\":\\"runFinished\\",\\"summary\\":{\\"passed\\":0,\\"failed\\":0,"
                                    + "\\"skipped\\":0,\\"errors\\":0,\\"durationMillis\\":0}}\\n");
                            break;
                        }
                    }
                    System.exit(0);
                }

                static void send(java.nio.channels.SocketChannel channel, String text) throws Exception {
                    var buffer = java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            }
            """;

    private IdleRunner() {}

    /** Compiles and packs the runner into {@code dir}. */
    static Path build(Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("idle-classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (var files = compiler.getStandardFileManager(null, null, null)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            JavaFileObject unit =
                    new SimpleJavaFileObject(
                            URI.create("string:///dev/hive/runner/Main.java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return MAIN;
                        }
                    };
            if (!compiler.getTask(diagnostics, files, null, List.of("--release", "17"), null, List.of(unit))
                    .call()) {
                throw new IllegalStateException("the idle runner does not compile:\n" + diagnostics);
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.hive.runner.Main");
        Path jar = dir.resolve("idle.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> compiled = Files.walk(classes)) {
            for (Path c : compiled.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Submits {@code jar} to the monitor at {@code url} with {@code token}, opens its socket (which queues it), and
     * answers its id once it is running (within a minute).
     */
    static long startRun(HttpClient http, String url, String token, Path jar) throws Exception {
        String boundary = "hive-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"runner\"; filename=\"runner.jar\"\r\n"
                        + "Content-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/runs"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode run = JSON.readTree(submitted.body());
        if (submitted.statusCode() / 100 != 2) {
            throw new AssertionError("POST /api/v1/runs answered " + submitted.statusCode() + ": " + submitted.body());
        }
        long id = run.path("runId").asLong();
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(
                        URI.create("ws" + url.substring(4) + "/api/v1/runs/socket?ticket="
                                + run.path("ticket").asText()),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                ws.request(1);
                                return null;
                            }
                        })
                .join();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            String state = JSON.readTree(http.send(
                                    HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + id))
                                            .header("Authorization", "Bearer " + token)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .path("state")
                    .asText();
            if (state.equals("running")) {
                return id;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " is " + state + ", not running, after a minute");
            }
            Thread.sleep(100);
        }
    }
}
