package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Security checks against a real monitor: the API token never appears in clear in the database file (with its
 * WAL), its logs table or the monitor's log output; a runner JAR with a path-traversal entry, or with a manifest
 * that inflates without end, is refused with 400; a ZIP bomb elsewhere in the JAR is kept as the small file it is,
 * never inflated. The other security checks are in the tests named in {@code docs/reliability.md}.
 */
class SecurityIT {

    @TempDir
    static Path dir;

    static ListAppender<ILoggingEvent> console;
    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        console = new ListAppender<>();
        console.start();
        rootLogger().addAppender(console);
        live = LiveMonitor.start(dir.resolve("monitor"), "");
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
        rootLogger().detachAppender(console);
    }

    private static Logger rootLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void theApiTokenIsNeverStoredOrLoggedInClear() throws Exception {
        String token = live.token;
        assertThat(live.get("/api/v1/capabilities").statusCode()).isEqualTo(200);
        assertThat(live.submit(LiveMonitor.exampleRunner(), "{not json").status())
                .isEqualTo(400);
        // a wrong token that differs from the real one in its last character only
        String near = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertThat(live.send(HttpRequest.newBuilder(java.net.URI.create(live.base + "/api/v1/runs"))
                                .header("Authorization", "Bearer " + near)
                                .build())
                        .statusCode())
                .isEqualTo(401);
        Thread.sleep(1_500); // the token's last use and the log lines are written behind the answers

        Path database = live.monitor.database().file();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path file = Path.of(database + suffix);
            if (Files.exists(file)) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as("%s", file.getFileName()).doesNotContain(token);
                assertThat(bytes).as("%s", file.getFileName()).doesNotContain(near);
            }
        }
        List<String> stored = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + database);
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT * FROM logs")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    stored.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        assertThat(stored).as("the logs table").isNotEmpty().noneMatch(v -> v.contains(token) || v.contains(near));

        List<String> logged = console.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
        assertThat(logged)
                .as("the monitor's log output")
                .anyMatch(line -> line.contains("ready on port"))
                .noneMatch(line -> line.contains(token) || line.contains(near));
    }

    @Test
    void aRunnerJarWithAPathTraversalEntryIsRefusedAndNothingIsWritten() throws Exception {
        // a name only this test uses, so no unrelated file on the machine can be mistaken for an escape
        String name = "hive-traversal-" + UUID.randomUUID();
        String entry = "../../" + name;
        Path jar = dir.resolve("traversal.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), runnerManifest())) {
            out.putNextEntry(new ZipEntry(entry));
            out.write("escaped".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        LiveMonitor.Submitted refused = live.submit(jar, null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").asText())
                .isEqualTo("the runner JAR holds an entry whose path leaves the archive: '" + entry + "'"
                        + " (absolute or with '..')");
        // where the monitor could have written it: under its own directory (data, uploads, runners, runs), or
        // one or two levels above any directory it writes in, or above its working directory
        Set<Path> places = new HashSet<>();
        try (Stream<Path> tree = Files.walk(live.dir)) {
            tree.filter(Files::isDirectory).forEach(places::add);
        }
        places.add(Path.of("").toAbsolutePath());
        List<Path> written = places.stream()
                .flatMap(p -> Stream.iterate(p.toAbsolutePath(), Objects::nonNull, Path::getParent)
                        .limit(3))
                .map(p -> p.resolve(name))
                .filter(Files::exists)
                .toList();
        assertThat(written).as("files named %s", name).isEmpty();
        assertThat(Files.exists(live.monitor.database().file())).isTrue();
    }

    @Test
    void aManifestThatInflatesToHundredsOfMegabytesIsRefused() throws Exception {
        Path jar = dir.resolve("manifest-bomb.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write("Manifest-Version: 1.0\r\nMain-Class: dev.hive.runner.Main\r\n".getBytes(StandardCharsets.UTF_8));
            writeBlank(out, 256L << 20);
            out.closeEntry();
        }
        assertThat(Files.size(jar)).isLessThan(1L << 20);

        LiveMonitor.Submitted refused = live.submit(jar, null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").asText())
                .isEqualTo("the runner JAR's manifest is larger than 65536 bytes uncompressed");
    }

    @Test
    void aZipBombInsideARunnerJarIsNeverInflated() throws Exception {
        Path jar = dir.resolve("bomb.jar");
        long inflated = 2L << 30;
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), runnerManifest())) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry("bomb.bin"));
            writeBlank(out, inflated);
            out.closeEntry();
        }
        long size = Files.size(jar);
        assertThat(size).as("a small JAR").isLessThan(4L << 20);
        Path data = live.dir.resolve("data");
        long before = sizeOf(data);
        long heapBefore =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        LiveMonitor.Submitted accepted = live.submit(jar, null);

        // a well-formed runner JAR is kept as it is (the runner, not the monitor, opens its entries)
        assertThat(accepted.status()).as("answer: %s", accepted.body()).isEqualTo(201);
        assertThat(sizeOf(data) - before)
                .as(
                        "the data directory grows by the JAR (%d bytes), not by the %d bytes it inflates to",
                        size, inflated)
                .isLessThan(size + (8L << 20));
        assertThat(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() - heapBefore)
                .as("heap grown while checking it")
                .isLessThan(512L << 20);
        assertThat(live.delete("/api/v1/runs/" + accepted.runId()).statusCode()).isLessThan(300);
    }

    private static Manifest runnerManifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.hive.runner.Main");
        return manifest;
    }

    private static void writeBlank(OutputStream out, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        java.util.Arrays.fill(block, (byte) ' ');
        for (long written = 0; written < bytes; written += block.length) {
            out.write(block);
        }
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // gone meanwhile
                        }
                    })
                    .sum();
        }
    }
}
