package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.protocol.events.RunEnded;
import dev.hive.rack.virtual.VirtualRackBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner in the bubblewrap sandbox of a real monitor tries to reach the monitor's HTTP port, to read the
 * database, and to write outside its run directory; every attempt fails, the runner says so in its output (which
 * the failed run's error message carries), and nothing it tried to write appears on the host.
 */
class SandboxIT {

    @TempDir
    static Path dir;

    /**
     * The monitor's own directory, outside /tmp as on a real rack: the sandbox has a private /tmp, in which the
     * parents of a run directory under /tmp would be writable (and invisible to the host).
     */
    static Path home;

    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        home = Path.of("target", "sandbox-it-" + Long.toHexString(System.nanoTime()))
                .toAbsolutePath();
        live = LiveMonitor.start(home, "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (live != null) {
            live.close();
        }
        if (home != null && Files.exists(home)) {
            try (var files = Files.walk(home)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void theRunnerCannotReachTheNetworkTheDatabaseOrFilesOutsideItsDirectory() throws Exception {
        JsonNode sandbox = live.health().get("sandbox");
        assertThat(sandbox.get("isolated").asBoolean())
                .as("runners must run under bubblewrap here (scripts/install-deps installs it): %s", sandbox)
                .isTrue();

        String nonce = UUID.randomUUID().toString();
        Path dataDir = live.monitor.config().dataDir().toAbsolutePath();
        Path database = live.monitor.config().databaseFile().toAbsolutePath();
        Path rackDir = ((VirtualRackBackend) live.monitor.rack().backend()).runDirectory();
        List<Path> blocked = List.of(
                dataDir.resolve("escape-" + nonce), // the monitor's data directory
                dataDir.resolve("runs").resolve("escape-" + nonce), // next to its own run directory
                home.resolve("escape-" + nonce)); // the monitor's directory (config, token)
        // The sandbox's /tmp is its own: a write there (also next to the rack's sockets, which live under /tmp)
        // succeeds in the sandbox and never reaches the host.
        List<Path> contained = List.of(Path.of("/tmp", "hive-escape-" + nonce), rackDir.resolve("escape-" + nonce));
        List<Path> attempts = new java.util.ArrayList<>(blocked);
        attempts.addAll(contained);
        // The targets' own QMP sockets are not in the sandbox: the runner reaches a target only through its
        // channel's probe socket and the bus switch.
        List<Path> qmp;
        try (var files = Files.list(rackDir)) {
            qmp = files.filter(f -> f.getFileName().toString().endsWith(".qmp")).toList();
        }
        assertThat(qmp).as("QMP sockets in %s", rackDir).isNotEmpty();
        Path probe =
                new FaultRunners(dir.resolve("runners")).probesTheSandbox(live.monitor.port(), database, attempts, qmp);

        RunEnded ended = live.run(probe, null, Duration.ofSeconds(60)).awaitEnded(Duration.ZERO);

        assertThat(ended.state()).isEqualTo("failed");
        String error =
                live.getJson("/api/v1/runs/" + ended.runId()).get("error").asText();
        assertThat(error).isEqualTo(ended.error()).contains("FAULT sandbox-probe: starting");
        assertThat(error).contains("http: blocked (").doesNotContain("http: OPEN");
        assertThat(error).contains("database: blocked (").doesNotContain("database: OPEN");
        for (Path p : blocked) {
            assertThat(p).as("nothing the runner writes reaches the host").doesNotExist();
            if (!p.startsWith("/tmp")) {
                // Under /tmp (a checkout there) the write lands in the sandbox's own /tmp instead: also contained.
                assertThat(error).contains("write " + p + ": blocked (").doesNotContain("write " + p + ": OPEN");
            }
        }
        for (Path p : contained) {
            assertThat(p).as("a write to /tmp stays in the sandbox's own /tmp").doesNotExist();
        }
        for (Path p : qmp) {
            assertThat(error).contains("connect " + p + ": blocked (").doesNotContain("connect " + p + ": OPEN");
        }
        assertThat(Files.size(database)).as("the database is still there").isPositive();
        assertThat(live.strayProcesses(Duration.ofSeconds(10))).isEmpty();
    }
}
