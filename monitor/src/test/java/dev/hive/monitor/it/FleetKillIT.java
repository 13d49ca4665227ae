package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.fleet.FleetBoard;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rack as its own OS process (the packaged monitor, {@code java -jar hive-monitor.jar serve}, two QEMU boards)
 * killed with SIGKILL while it runs a shard: its claim (4 s) lapses, the hub delivers the shard again to the
 * other rack with the target (an in-process monitor, busy with a local run while rack-a took the shard;
 * attempt 2), and the run on the front ends {@code finished}
 * and complete, every test once.
 */
class FleetKillIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String LM3S = "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\"]}}";

    @TempDir
    Path dir;

    @Test
    void aRackProcessKilledMidShardHandsItToAnotherRackAndTheRunIsComplete() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        Process rackA = null;
        try (NatsHub hub = NatsHub.start(dir.resolve("hub"))) {
            LiveMonitor front = LiveMonitor.start(
                    dir.resolve("front"),
                    "name: front\nbackend: none\n",
                    fleet(hub, "front", "front"),
                    RunnerLauncher.javaJar());
            open.add(front);
            rackA = startRackProcess(hub, dir.resolve("rack-a"));
            LiveMonitor rackB = LiveMonitor.start(
                    dir.resolve("rack-b"),
                    "name: rack-b\nbackend: virtual\nchannels: 2\nstacks:\n  - name: stack-a\n"
                            + "    targets: [lm3s6965evb]\n",
                    fleet(hub, "rack-b", "rack"),
                    RunnerLauncher.javaJar());
            open.add(rackB);
            awaitLiveRacks(hub, Set.of("rack-a", "rack-b"));
            // rack-b is busy with a run of its own (local runs first), so the fleet's shard goes to rack-a
            RunStream local =
                    rackB.stream(rackB.submit(LiveMonitor.exampleRunner(), null).ticket());
            local.await(TestStarted.class, t -> true, Duration.ofMinutes(2));

            LiveMonitor.Submitted submitted = front.submit(LiveMonitor.exampleRunner(), LM3S);
            RunStream stream = front.stream(submitted.ticket());
            stream.await(TestFinished.class, f -> true, Duration.ofMinutes(2));
            assertThat(front.getJson("/api/v1/runs/" + submitted.runId())
                            .get("results")
                            .get(0)
                            .get("rack")
                            .asText())
                    .isEqualTo("rack-a");
            assertThat(stream.all(RunEnded.class)).as("still running on rack-a").isEmpty();

            rackA.destroyForcibly(); // SIGKILL: no shutdown hook, the claim is neither acknowledged nor renewed
            assertThat(rackA.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rackA.exitValue()).isEqualTo(137);

            RunEnded ended = stream.awaitEnded(Duration.ofMinutes(3));
            assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("finished");
            assertThat(stream.all(LogLine.class))
                    .extracting(LogLine::message)
                    .anyMatch(m -> m.contains("attempt 2 on rack rack-b"))
                    .anyMatch(m -> m.contains("lm3s6965evb finished on rack rack-b (attempt 2)"));
            java.util.Map<String, List<String>> testsByCell = new java.util.TreeMap<>();
            for (TestFinished f : stream.all(TestFinished.class)) {
                testsByCell
                        .computeIfAbsent(f.result().cell().probeSerial(), k -> new ArrayList<>())
                        .add(f.result().testId());
            }
            assertThat(testsByCell.keySet()).containsExactly("hive-virtual-0", "hive-virtual-1");
            Set<String> tests = new TreeSet<>(testsByCell.get("hive-virtual-0"));
            testsByCell.forEach((cell, ids) -> {
                assertThat(ids).as("results on %s: nothing twice", cell).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(ids))
                        .as("results on %s: nothing lost", cell)
                        .isEqualTo(tests);
            });
            int total = 2 * tests.size();
            assertThat(ended.summary().total()).isEqualTo(total);
            assertThat(ended.summary().failed()).isZero();
            assertThat(ended.summary().errors()).isZero();
            JsonNode run = front.getJson("/api/v1/runs/" + submitted.runId());
            assertThat(run.get("state").asText()).isEqualTo("finished");
            assertThat(run.get("results")).hasSize(total);
            Set<String> ranOn = new TreeSet<>();
            run.get("results").forEach(r -> ranOn.add(r.get("rack").asText()));
            assertThat(ranOn)
                    .as("the first results came from rack-a, the rest from rack-b")
                    .containsExactly("rack-a", "rack-b");
        } finally {
            if (rackA != null) {
                rackA.destroyForcibly();
            }
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static String fleet(NatsHub hub, String rackId, String role) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: " + rackId + "\n  role: " + role
                + "\n  lab: lab-it\n  inventoryTtlSeconds: 4\n  claimSeconds: 4\n";
    }

    /** The packaged monitor as a process of its own, a one-board rack rack-a in the fleet. */
    private static Process startRackProcess(NatsHub hub, Path home) throws Exception {
        Files.createDirectories(home);
        Files.writeString(
                home.resolve("rack.yaml"),
                "name: rack-a\nbackend: virtual\nchannels: 2\nstacks:\n  - name: stack-a\n    targets: [lm3s6965evb]\n");
        Files.writeString(
                home.resolve("monitor.yaml"),
                "dataDir: data\nrackFile: rack.yaml\nhttp:\n  port: 0\n  bindAddress: 127.0.0.1\n"
                        + fleet(hub, "rack-a", "rack"));
        String jar = System.getProperty("hive.monitor.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the monitor JAR is missing (" + jar + "); run mvn package -pl monitor");
        }
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar,
                        "-c",
                        home.resolve("monitor.yaml").toString(),
                        "serve")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("monitor.log").toFile())
                .start();
    }

    private static void awaitLiveRacks(NatsHub hub, Set<String> racks) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection client = Nats.connect(hub.url())) {
            while (true) {
                Set<String> live = new HashSet<>();
                for (RackInventory r : new FleetBoard().live(client)) {
                    live.add(r.rackId());
                }
                if (live.containsAll(racks)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("live racks " + live + ", expected " + racks);
                }
                Thread.sleep(200);
            }
        }
    }
}
