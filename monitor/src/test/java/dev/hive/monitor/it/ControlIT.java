package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.run.RunPhase;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.testprograms.BuiltinTestprograms;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin control of a target over REST on a real monitor and virtual rack: power off and on as capabilities show
 * it, reset, flashing a testprogram built by the cross toolchain with a new HIVE_UID (read back over GDB from
 * the running target), a bad ELF as a failed operation with the tool's output, and refusals (not an admin, no
 * such target, a run on the rack) that change nothing.
 */
class ControlIT {

    private static final SlotAddress ARM = new SlotAddress(0, 0);

    @TempDir
    static Path dir;

    static LiveMonitor live;
    static String viewer;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir.resolve("monitor"), "auth:\n  adminTokens: [it]\n");
        viewer = new ApiTokenRepository(live.monitor.database(), Clock.systemUTC())
                .create("viewer", "not an admin", Optional.empty())
                .plaintext();
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void powerOffShowsInCapabilitiesAndOnBringsItBack() throws Exception {
        // the RISC-V board: the flash test leaves the Arm one with whatever it flashed last
        HttpResponse<String> off = post("/api/v1/targets/0/1/power", "{\"on\": false}", live.token);
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(json(off).get("state").asText()).isEqualTo("succeeded");
        assertThat(json(off).get("kind").asText()).isEqualTo("power_off");
        assertThat(awaitTargetState("0/1", "powered off")).isEqualTo("powered off");

        HttpResponse<String> on = post("/api/v1/targets/0/1/power", "{\"on\": true}", live.token);
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(awaitTargetState("0/1", "flashed")).isEqualTo("flashed");

        HttpResponse<String> reset = post("/api/v1/targets/0/1/reset", "", live.token);
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(json(reset).get("state").asText()).isEqualTo("succeeded");
        assertThat(json(reset).get("requestedBy").asText()).isEqualTo("it");
    }

    @Test
    void aFlashedElfRunsAndABadOneFailsWithTheToolOutput() throws Exception {
        var catalog = TargetCatalog.builtin();
        TestprogramBuild build = new TestprogramBuilder(dir.resolve("build"), Toolchains.fromPath())
                .build(
                        new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()),
                        List.of(catalog.get("lm3s6965evb")));
        Path elf = build.imageFor(catalog.get("lm3s6965evb")).orElseThrow().elf();
        assertThat(build.uid()).isNotEqualTo(live.monitor.rack().build().uid());

        JsonNode flashed = flashAndAwait(Files.readAllBytes(elf));

        assertThat(flashed.get("state").asText()).as(flashed.toString()).isEqualTo("succeeded");
        assertThat(hiveUidOverGdb(elf)).contains("= 0x" + Long.toHexString(build.uid()));

        JsonNode bad = flashAndAwait("this is not an ELF file".getBytes());

        assertThat(bad.get("state").asText()).isEqualTo("failed");
        assertThat(bad.get("output").asText())
                .isEqualTo("not an ELF file: it starts with 74 68 69 73, an ELF file with 7f 45 4c 46; the target was"
                        + " not touched");
        assertThat(hiveUidOverGdb(elf))
                .as("still running what was flashed before")
                .contains("= 0x" + Long.toHexString(build.uid()));
        assertThat(bad.get("endedAt").asText()).isNotBlank();
    }

    @Test
    void refusalsHaveTheRightStatusAndChangeNothing() throws Exception {
        var before = live.monitor.rack().backend().health(ARM);
        HttpResponse<String> notAdmin = post("/api/v1/targets/0/0/power", "{\"on\": false}", viewer);
        HttpResponse<String> notAdminFlash = post("/api/v1/targets/0/0/flash", "x", viewer);
        HttpResponse<String> noSuchSlot = post("/api/v1/targets/7/3/reset", "", live.token);
        HttpResponse<String> noBody = post("/api/v1/targets/0/0/power", "{}", live.token);
        HttpResponse<String> noOperation = live.get("/api/v1/operations/999999");

        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(json(notAdmin).get("error").asText())
                .isEqualTo("'viewer' may not control target 0/0: admins and the holder of its open lease only");
        assertThat(notAdminFlash.statusCode()).isEqualTo(403);
        assertThat(noSuchSlot.statusCode()).isEqualTo(404);
        assertThat(json(noSuchSlot).get("error").asText()).isEqualTo("there is no slot 7/3 in this rack");
        assertThat(noBody.statusCode()).isEqualTo(400);
        assertThat(noOperation.statusCode()).isEqualTo(404);
        assertThat(live.monitor.rack().backend().health(ARM)).isEqualTo(before);
    }

    @Test
    void theHolderOfALeaseControlsItsTargetAndNobodyElseWhoIsNotAnAdmin() throws Exception {
        var tokens = new ApiTokenRepository(live.monitor.database(), Clock.systemUTC());
        String holder = tokens.create("holder", "leases 0/1", Optional.empty()).plaintext();
        HttpResponse<String> lease =
                post("/api/v1/leases", "{\"target\": \"0/1\", \"minutes\": 5, \"reason\": \"bring-up\"}", holder);
        assertThat(lease.statusCode()).as(lease.body()).isEqualTo(201);
        long leaseId = json(lease).get("id").asLong();
        try {
            HttpResponse<String> reset = post("/api/v1/targets/0/1/reset", "", holder);
            HttpResponse<String> off = post("/api/v1/targets/0/1/power", "{\"on\": false}", holder);
            HttpResponse<String> on = post("/api/v1/targets/0/1/power", "{\"on\": true}", holder);
            HttpResponse<String> notTheHolder = post("/api/v1/targets/0/1/reset", "", viewer);
            HttpResponse<String> notLeased = post("/api/v1/targets/0/0/reset", "", holder);

            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
            assertThat(json(reset).get("state").asText()).isEqualTo("succeeded");
            assertThat(json(reset).get("requestedBy").asText()).isEqualTo("holder");
            assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
            assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
            assertThat(notTheHolder.statusCode()).isEqualTo(403);
            assertThat(json(notTheHolder).get("error").asText())
                    .isEqualTo("'viewer' may not control target 0/1: admins and the holder of its open lease only");
            assertThat(notLeased.statusCode())
                    .as("another target of the leased stack")
                    .isEqualTo(403);
        } finally {
            HttpResponse<String> released = live.send(live.request("/api/v1/leases/" + leaseId)
                    .setHeader("Authorization", "Bearer " + holder)
                    .DELETE()
                    .build());
            assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        }
        HttpResponse<String> after = post("/api/v1/targets/0/1/reset", "", holder);
        assertThat(after.statusCode()).as("the lease has ended").isEqualTo(403);
    }

    @Test
    void anAdminTokenSetsHealthWithAReasonKeptInTheHistoryAndOthersAreRefused() throws Exception {
        SlotAddress riscv = new SlotAddress(0, 1);
        var before = live.monitor.health().status(riscv).orElseThrow().health();
        int changes = live.monitor.health().history(riscv, 100).size();

        HttpResponse<String> notAdmin =
                post("/api/v1/targets/0/1/health", "{\"health\": \"BAD\", \"reason\": \"mine now\"}", viewer);
        HttpResponse<String> noSuchHealth =
                post("/api/v1/targets/0/1/health", "{\"health\": \"BROKEN\", \"reason\": \"x\"}", live.token);
        HttpResponse<String> noReason =
                post("/api/v1/targets/0/1/health", "{\"health\": \"BAD\", \"reason\": \" \"}", live.token);

        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(json(notAdmin).get("error").asText())
                .isEqualTo("'viewer' may not set a target's health: admins only");
        assertThat(noSuchHealth.statusCode()).isEqualTo(400);
        assertThat(json(noSuchHealth).get("error").asText())
                .isEqualTo("health must be one of GOOD, UNKNOWN, BAD, MAINTENANCE, RETIRED, got 'BROKEN'");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).get("error").asText()).isEqualTo("a reason is required: say why the health changes");
        assertThat(live.monitor.health().history(riscv, 100))
                .as("nothing stored")
                .hasSize(changes);

        HttpResponse<String> set = post(
                "/api/v1/targets/0/1/health",
                "{\"health\": \"maintenance\", \"reason\": \"replacing its cable\"}",
                live.token);
        try {
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(json(set).get("health").asText()).isEqualTo("MAINTENANCE");
            assertThat(json(set).get("previous").asText()).isEqualTo(before.name());
            var newest = live.monitor.health().history(riscv, 1).get(0);
            assertThat(newest.health().name()).isEqualTo("MAINTENANCE");
            assertThat(newest.kind().name()).isEqualTo("SET");
            assertThat(newest.by()).isEqualTo("it");
            assertThat(newest.reason()).isEqualTo("replacing its cable");
            assertThat(newest.at()).isAfter(java.time.Instant.now().minusSeconds(60));
            assertThat(live.monitor
                            .health()
                            .status(riscv)
                            .orElseThrow()
                            .health()
                            .name())
                    .isEqualTo("MAINTENANCE");
        } finally {
            HttpResponse<String> back = post(
                    "/api/v1/targets/0/1/health",
                    "{\"health\": \"" + before.name() + "\", \"reason\": \"cable replaced\"}",
                    live.token);
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        }
    }

    @Test
    void whileARunUsesTheRackControlIsRefusedWith409() throws Exception {
        var runners = new FaultRunners(dir.resolve("runners"));
        LiveMonitor.Submitted submitted = live.submit(runners.idlesUntilCancelled(), null);
        assertThat(submitted.status()).isEqualTo(201);
        RunStream stream = live.stream(submitted.ticket());
        stream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, Duration.ofSeconds(60));

        HttpResponse<String> reset = post("/api/v1/targets/0/0/reset", "", live.token);
        HttpResponse<String> flash = post("/api/v1/targets/0/0/flash", "x", live.token);

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(409);
        assertThat(json(reset).get("error").asText())
                .isEqualTo("run " + submitted.runId() + " is using the rack; try again when it has ended");
        assertThat(flash.statusCode()).isEqualTo(409);
        assertThat(live.delete("/api/v1/runs/" + submitted.runId()).statusCode())
                .isEqualTo(202);
        RunEnded ended = stream.awaitEnded(Duration.ofSeconds(60));
        assertThat(ended.state()).isEqualTo("cancelled");
    }

    private static JsonNode flashAndAwait(byte[] elf) throws Exception {
        HttpResponse<String> accepted = live.send(live.request("/api/v1/targets/0/0/flash")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(elf))
                .build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location)
                .isEqualTo("/api/v1/operations/" + json(accepted).get("id").asLong());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode op = live.getJson(location);
        while (!List.of("succeeded", "failed").contains(op.get("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            op = live.getJson(location);
        }
        return op;
    }

    /** Connects channel 0 to the Arm target, as a run would, and reads {@code hive_uid} with gdb-multiarch. */
    private static String hiveUidOverGdb(Path elf) throws Exception {
        var backend = live.monitor.rack().backend();
        String endpoint =
                backend.rack().channels().get(0).probeInfo().orElseThrow().endpoint();
        backend.connect(0, ARM);
        try {
            Process gdb = new ProcessBuilder(
                            "gdb-multiarch",
                            "-q",
                            "-batch",
                            "-nx",
                            "-ex",
                            "target remote " + endpoint.substring("unix:".length()),
                            "-ex",
                            "print/x hive_uid",
                            "-ex",
                            "detach",
                            elf.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(gdb.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new String(gdb.getInputStream().readAllBytes());
        } finally {
            backend.disconnect(0);
        }
    }

    private static String awaitTargetState(String slot, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String now = targetState(slot);
        while (!now.equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            now = targetState(slot);
        }
        return now;
    }

    private static String targetState(String slot) throws Exception {
        for (JsonNode t : live.getJson("/api/v1/capabilities").get("targets")) {
            if (t.get("slot").asText().equals(slot)) {
                return t.get("state").asText();
            }
        }
        throw new AssertionError("no target " + slot);
    }

    private static HttpResponse<String> post(String path, String body, String token) throws Exception {
        return live.send(HttpRequest.newBuilder(java.net.URI.create(live.base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", path.endsWith("/flash") ? "application/octet-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return live.json.readTree(response.body());
    }
}
