package dev.hive.monitor.web.graphql;

import static dev.hive.monitor.web.graphql.InProcess.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.QemuChildren;
import dev.hive.monitor.rack.Testprogram;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.testprograms.BuiltinTestprograms;
import graphql.ExecutionResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads of a real virtual rack (QEMU, the cross toolchain) that cannot apply the assignment: each answers a
 * clear error, and the rack keeps running as it was, with no QEMU of the attempt left.
 */
class GraphQLReinitializeTest {

    private static final String SLOTS = "stacks { slots { target state flashStatus flashMessage health } }";

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static InProcess gql;
    static Viewer maintainer;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir);
        gql = new InProcess(monitor.monitor.graphQLDependencies());
        maintainer = InProcess.as(monitor.user(GraphQLMonitor.MAINTAINER));
    }

    @AfterAll
    static void stop() {
        if (gql != null) {
            gql.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void anEmptiedSlotStopsItsBoardAndABoardItsTestprogramCannotBuildForLeavesTheRackAsItWas() throws Exception {
        // slot 1 emptied: its QEMU stops
        gql.data(maintainer, "mutation { assignTarget(stack: 0, slot: 1, target: null) { state } }");
        Map<?, ?> emptied = slot(gql.data(maintainer, "mutation { reinitializeRack { " + SLOTS + " } }"), 1);
        assertThat(emptied.get("state")).isEqualTo("NOT_CONNECTED");
        assertThat(running().stacks().get(0).slots().get(1)).isEmpty();
        assertThat(awaitQemu(1)).allMatch(c -> c.contains("lm3s6965evb"));

        // a testprogram that builds for Arm only becomes active (the rack has no RISC-V board now)
        var deps = monitor.monitor.graphQLDependencies();
        Map<String, byte[]> files = BuiltinTestprograms.defaultFiles();
        files.put(
                "hive_test.c",
                (new String(files.get("hive_test.c"), StandardCharsets.UTF_8)
                                + "\n#if defined(__riscv)\n#error \"this testprogram has no RISC-V port\"\n#endif\n")
                        .getBytes(StandardCharsets.UTF_8));
        Testprogram armOnly = deps.testprograms().create(new TestprogramSource("arm-only", files));
        gql.data(maintainer, "mutation { activateTestprogram(id: " + armOnly.id() + ") { active } }");

        // sifive_e assigned: the build for it fails, the reload says why, the rack stays as it was
        gql.data(maintainer, "mutation { assignTarget(stack: 0, slot: 1, target: \"sifive_e\") { target } }");
        ExecutionResult failed = gql.run(maintainer, "mutation { reinitializeRack { name } }");
        assertThat(codes(failed)).containsOnly("RACK_FAILED");
        assertThat(failed.getErrors().get(0).getMessage())
                .contains("the active testprogram 'arm-only' does not build for lm3s6965evb, sifive_e")
                .contains("the rack before is kept")
                .contains("this testprogram has no RISC-V port");
        assertThat(running().stacks().get(0).slots().get(1)).isEmpty();
        assertThat(awaitQemu(1)).allMatch(c -> c.contains("lm3s6965evb"));
        Map<?, ?> rack =
                (Map<?, ?>) gql.data(maintainer, "{ rack { " + SLOTS + " } }").get("rack");
        Map<?, ?> kept = slot(Map.of("rack", rack), 0);
        assertThat(kept.get("flashStatus")).isEqualTo("OK");
        assertThat(kept.get("health")).isEqualTo("READY");
        assertThat((String) slot(Map.of("rack", rack), 1).get("flashMessage"))
                .contains("takes effect when the rack is reloaded");
        assertThat(gql.data(maintainer, "{ testprogram(id: " + armOnly.id() + ") { latestBuild { status } } }"))
                .as("the failed build is recorded")
                .isEqualTo(Map.of("testprogram", Map.of("latestBuild", Map.of("status", "COMPILE_FAILURE"))));

        // a physical chip in a virtual slot, and another probe in a virtual channel, are refused with the reason
        gql.data(maintainer, "mutation { assignTarget(stack: 0, slot: 1, target: \"nRF52840\") { target } }");
        gql.data(
                maintainer,
                "mutation { assignProbe(channel: 0, probe: {kind: \"J_LINK\", identifier: \"J-Link\","
                        + " serial: \"000260999999\"}) { index } }");
        ExecutionResult refused = gql.run(maintainer, "mutation { reinitializeRack { name } }");
        assertThat(codes(refused)).containsOnly("NOT_SUPPORTED");
        assertThat(refused.getErrors().get(0).getMessage())
                .contains("the virtual rack cannot take the stored assignment")
                .contains("stack 0 slot 1: nRF52840 is a physical chip")
                .contains("channel 0: a virtual rack has its own probe in every channel ('Virtual GDB probe 0')");
        assertThat(awaitQemu(1)).hasSize(1);

        // everything assigned back, with the built-in testprogram active: both boards run again
        gql.data(
                maintainer,
                "mutation { assignProbe(channel: 0, probe: {kind: \"VIRTUAL_GDB\", identifier: \"Virtual GDB probe 0\","
                        + " serial: \"hive-virtual-0\"}) { index } }");
        gql.data(maintainer, "mutation { assignTarget(stack: 0, slot: 1, target: \"sifive_e\") { target } }");
        long builtin = deps.testprograms().list().stream()
                .filter(Testprogram::builtIn)
                .findFirst()
                .orElseThrow()
                .id();
        gql.data(maintainer, "mutation { activateTestprogram(id: " + builtin + ") { active } }");
        Map<String, Object> back = gql.data(maintainer, "mutation { reinitializeRack { " + SLOTS + " } }");
        assertThat(slot(back, 0).get("flashStatus")).isEqualTo("OK");
        assertThat(slot(back, 1).get("target")).isEqualTo("sifive_e");
        assertThat(slot(back, 1).get("flashStatus")).isEqualTo("OK");
        assertThat(slot(back, 1).get("health")).isEqualTo("READY");
        assertThat(running().stacks().get(0).slots().get(1)).map(t -> t.name()).isEqualTo(Optional.of("sifive_e"));
        assertThat(awaitQemu(2)).anyMatch(c -> c.contains("qemu-system-riscv32"));
    }

    private static VirtualRackConfig running() {
        return (VirtualRackConfig) monitor.monitor.rack().config();
    }

    private static Map<?, ?> slot(Map<String, Object> data, int slot) {
        Map<?, ?> rack = (Map<?, ?>) data.values().iterator().next();
        List<?> stacks = (List<?>) rack.get("stacks");
        return (Map<?, ?>) ((List<?>) ((Map<?, ?>) stacks.get(0)).get("slots")).get(slot);
    }

    /** The command lines of this JVM's QEMU processes once there are {@code count} (or after 15 s). */
    private static List<String> awaitQemu(int count) throws InterruptedException {
        List<String> now =
                QemuChildren.await(QemuChildren::commandLines, c -> c.size() == count, Duration.ofSeconds(15));
        assertThat(now).as("QEMU processes of this monitor").hasSize(count);
        return now;
    }
}
