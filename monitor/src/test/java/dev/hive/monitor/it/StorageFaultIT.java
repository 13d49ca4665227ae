package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory fails under a real monitor: its database file locked by another process, and its disk
 * full. Writes answer a clear error instead of hanging or corrupting the database, and the monitor recovers
 * once the cause is gone.
 */
class StorageFaultIT {

    @TempDir
    Path dir;

    @Test
    void aDatabaseLockedByAnotherProcessAnswers503ForWritesKeepsReadsAndRecovers() throws Exception {
        try (LiveMonitor live = LiveMonitor.start(dir.resolve("monitor"), "")) {
            Path database = live.monitor.database().file();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database);
                    Statement lock = other.createStatement()) {
                lock.execute("PRAGMA busy_timeout = 10000"); // the monitor may be writing a log line
                lock.execute("BEGIN EXCLUSIVE");

                long asked = System.nanoTime();
                LiveMonitor.Submitted refused = live.submit(LiveMonitor.exampleRunner(), null);
                Duration took = Duration.ofNanos(System.nanoTime() - asked);
                assertThat(refused.status()).as("answer: %s", refused.body()).isEqualTo(503);
                assertThat(refused.body().get("error").asText()).contains("database is busy");
                assertThat(took)
                        .as("answered after the busy timeout, not never")
                        .isLessThan(Duration.ofSeconds(30));

                HttpResponse<String> read = live.get("/api/v1/runs");
                assertThat(read.statusCode())
                        .as("a read under another process's write lock (WAL): %s", read.body())
                        .isEqualTo(200);
                assertThat(live.get("/api/v1/capabilities").statusCode()).isEqualTo(200);

                lock.execute("COMMIT");
            }

            LiveMonitor.Submitted accepted = live.submit(LiveMonitor.exampleRunner(), null);
            assertThat(accepted.status())
                    .as("after the lock: %s", accepted.body())
                    .isEqualTo(201);
            assertThat(integrityCheck(database)).isEqualTo("ok");
        }
    }

    @Test
    void aFullDiskAnswers507ForAnUploadWithOrWithoutContentLengthKeepsTheDatabaseAndRecovers() throws Exception {
        Path home = dir.resolve("monitor");
        Path data = Files.createDirectories(home.resolve("data"));
        mountSmallTmpfs(data);
        try {
            try (LiveMonitor live = LiveMonitor.start(home, "")) {
                Path filler = data.resolve("filler");
                fillUntilFull(filler);
                long free = Files.getFileStore(data).getUsableSpace();
                long jar = Files.size(LiveMonitor.exampleRunner());
                assertThat(jar).as("the upload is larger than the free space").isGreaterThan(free);

                LiveMonitor.Submitted refused = live.submit(LiveMonitor.exampleRunner(), null);
                assertThat(refused.status()).as("answer: %s", refused.body()).isEqualTo(507);
                assertThat(refused.body().get("error").asText()).contains("no space left");
                LiveMonitor.Submitted streamed = live.submit(LiveMonitor.exampleRunner(), null, true);
                assertThat(streamed.status())
                        .as("without a Content-Length: %s", streamed.body())
                        .isEqualTo(507);
                assertThat(streamed.body().get("error").asText()).contains("no space left");

                assertThat(live.health().get("status").isTextual()).isTrue();
                assertThat(live.get("/api/v1/runs").statusCode()).isEqualTo(200);
                assertThat(integrityCheck(live.monitor.database().file())).isEqualTo("ok");
                if (Files.isDirectory(data.resolve("uploads"))) {
                    try (var uploads = Files.list(data.resolve("uploads"))) {
                        assertThat(uploads.toList()).as("no upload left behind").isEmpty();
                    }
                }

                Files.delete(filler);
                LiveMonitor.Submitted accepted = live.submit(LiveMonitor.exampleRunner(), null);
                assertThat(accepted.status())
                        .as("with space again: %s", accepted.body())
                        .isEqualTo(201);
                assertThat(integrityCheck(live.monitor.database().file())).isEqualTo("ok");
            }
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    /** A 24 MiB tmpfs on {@code dir}; the test is skipped (saying why) where mounting is not allowed. */
    private static void mountSmallTmpfs(Path dir) throws Exception {
        String failure = run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir.toString());
        Assumptions.assumeTrue(
                failure == null,
                "a full disk needs a small tmpfs, and mounting one needs root (CI runs as root): " + failure);
    }

    /** Writes {@code filler} until the file system is full, then frees a little for SQLite's own writes. */
    private static void fillUntilFull(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
        try (var channel = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, channel.size() - 512 * 1024));
        }
    }

    private static String integrityCheck(Path database) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement s = c.createStatement();
                var rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs a command; null when it succeeds, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out.strip();
    }
}
