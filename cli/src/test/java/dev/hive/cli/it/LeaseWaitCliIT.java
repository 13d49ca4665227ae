package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --wait} end to end: a real monitor process with its virtual rack, the built CLI, a run that keeps the rack
 * busy (a real runner that idles until it is cancelled, submitted by bob), and a real {@code gdb-multiarch}. Alice's
 * {@code hive gdb --wait} says which run it waits for, goes on when that run ends, and GDB reads {@code hive_uid}
 * through it; a {@code hive lease --wait} that is interrupted (SIGTERM, as Ctrl-C) releases its pending lease.
 */
class LeaseWaitCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WAITING = Pattern.compile("waiting for run (\\d+) to end \\(queued lease (\\d+)\\)");

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;
    private static HiveProcess alice;
    private static Path idle;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startMonitor() throws Exception {
        // two stacks: the second test's target is free of the first test's lease (and its restore)
        monitor = MonitorProcess.start(
                dir.resolve("monitor"),
                List.of("alice", "bob"),
                """
                name: lease-wait-cli-it
                backend: virtual
                channels: 2
                stacks:
                  - name: stack-a
                    targets: [lm3s6965evb]
                  - name: stack-b
                    targets: [sifive_e]
                """,
                "");
        alice = HiveProcess.against(monitor, "alice", dir.resolve("alice"));
        idle = IdleRunner.build(Files.createDirectories(dir.resolve("runner")));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(monitor.url() + path))
                        .header("Authorization", "Bearer " + monitor.token(token))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Groups 1 and 2 of the waiting line on {@code running}'s stderr, within 60 s. */
    private static Matcher awaitWaiting(HiveProcess.Running running) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = WAITING.matcher(Files.readString(running.err(), StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            if (!running.process().isAlive()) {
                throw new AssertionError("hive ended: " + running.await().all());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no waiting line in 60 s; so far:\n" + Files.readString(running.err()));
    }

    private static Path armElf() throws IOException {
        try (Stream<Path> files = Files.walk(monitor.dir.resolve("data"))) {
            return files.filter(p -> p.toString().endsWith(".elf"))
                    .filter(p -> p.toString().contains("m3") || p.toString().contains("arm"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Arm testprogram ELF under " + monitor.dir));
        }
    }

    @Test
    void hiveGdbWaitsForTheRunThenGdbReadsHiveUid() throws Exception {
        long run = IdleRunner.startRun(HTTP, monitor.url(), monitor.token("bob"), idle);
        HiveProcess.Running gdbServer =
                alice.start("gdb", "lm3s6965evb", "--minutes", "5", "--wait", "--wait-minutes", "5");
        try {
            Matcher waiting = awaitWaiting(gdbServer);
            assertThat(Long.parseLong(waiting.group(1))).isEqualTo(run);
            long lease = Long.parseLong(waiting.group(2));
            assertThat(gdbServer.outSoFar()).doesNotContain("target extended-remote");
            JsonNode pending = JSON.readTree(
                    call("GET", "/api/v1/leases/" + lease, "alice").body());
            assertThat(pending.path("state").asText()).isEqualTo("pending");

            assertThat(call("DELETE", "/api/v1/runs/" + run, "bob").statusCode())
                    .isEqualTo(202);

            String port = HiveGdb.awaitOutput(gdbServer, HiveGdb.TARGET_LINE);
            assertThat(HiveGdb.leaseId(gdbServer.outSoFar())).isEqualTo(lease);
            String output = HiveGdb.readUidAndStopAtTick(port, armElf(), "detach");
            assertThat(output).containsPattern("\\$1 = 0x[0-9a-f]{9,16}").contains("hive_tick");
        } finally {
            gdbServer.process().destroy();
            gdbServer.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anInterruptedWaitReleasesThePendingLease() throws Exception {
        long run = IdleRunner.startRun(HTTP, monitor.url(), monitor.token("bob"), idle);
        try {
            HiveProcess.Running waiting = alice.start("lease", "sifive_e", "--wait");
            long lease = Long.parseLong(awaitWaiting(waiting).group(2));

            waiting.process().destroy(); // SIGTERM: the shutdown hooks run, as on Ctrl-C
            assertThat(waiting.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            JsonNode released = JSON.readTree(
                    call("GET", "/api/v1/leases/" + lease, "alice").body());
            assertThat(released.path("state").asText()).isEqualTo("ended");
            assertThat(released.path("end").asText()).isEqualTo("released");
            assertThat(released.path("endedBy").asText()).isEqualTo("token:alice");
        } finally {
            call("DELETE", "/api/v1/runs/" + run, "bob");
        }
    }
}
