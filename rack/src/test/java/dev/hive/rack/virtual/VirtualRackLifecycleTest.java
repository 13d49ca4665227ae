package dev.hive.rack.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.testprograms.BuiltinTestprograms;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Starting and stopping racks: nothing may be left behind, however the rack ends. */
class VirtualRackLifecycleTest {

    static final String SMALL_RACK =
            """
            name: small
            backend: virtual
            channels: 1
            stacks: [{name: a, targets: [lm3s6965evb, mps2-an385]}]
            """;

    @Test
    void closeLeavesNoProcessAndNoSocket() throws Exception {
        var config = (VirtualRackConfig) new RackFile(TargetCatalog.builtin()).parse(SMALL_RACK, "small");
        var rack = VirtualRackBackend.start(config);
        var pids = List.of(
                rack.processId(new SlotAddress(0, 0)).orElseThrow(),
                rack.processId(new SlotAddress(0, 1)).orElseThrow());
        Path dir = rack.runDirectory();
        rack.close();

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true)));
        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> rack.health(new SlotAddress(0, 0))).hasMessageContaining("is stopped");
    }

    @Test
    void flashingABuildLeavesTargetsWithoutAnImageUntouched(@TempDir Path work) {
        var catalog = TargetCatalog.builtin();
        var config = (VirtualRackConfig) new RackFile(catalog).parse(SMALL_RACK, "small");
        var build = new TestprogramBuilder(work, Toolchains.fromPath())
                .build(
                        new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()),
                        List.of(catalog.get("lm3s6965evb")));
        try (var rack = VirtualRackBackend.start(config)) {
            var statuses = rack.flash(build);

            assertThat(statuses.get(new SlotAddress(0, 0)).isOk()).isTrue();
            assertThat(statuses.get(new SlotAddress(0, 1)).message())
                    .isEqualTo("testprogram default has no image for mps2-an385");
            assertThat(rack.flashStatus(new SlotAddress(0, 1))).isEqualTo(FlashStatus.notFlashed());
            assertThat(rack.runState(new SlotAddress(0, 0))).isEqualTo("running");
            assertThat(rack.runState(new SlotAddress(0, 1))).isEqualTo("prelaunch");
        }
    }

    @Test
    void aQemuThatCannotStartIsNamedAndNothingIsLeftRunning() throws Exception {
        String catalogYaml =
                """
                - name: ghost-board
                  chip: none
                  architecture: ARM
                  core: cortex-m3
                  flash: {origin: "0x0", length: 64K}
                  ram: {origin: "0x20000000", length: 8K}
                  qemu: {qemu: qemu-system-arm, machine: no-such-machine}
                - name: lm3s6965evb
                  chip: LM3S6965
                  architecture: ARM
                  core: cortex-m3
                  flash: {origin: "0x0", length: 256K}
                  ram: {origin: "0x20000000", length: 64K}
                  qemu: {qemu: qemu-system-arm, machine: lm3s6965evb}
                """;
        var catalog = TargetCatalog.read(new ByteArrayInputStream(catalogYaml.getBytes(StandardCharsets.UTF_8)));
        Path parent = Files.createTempDirectory("hive-lifecycle");
        var config = (VirtualRackConfig) new RackFile(catalog)
                .parse(
                        """
                name: broken
                backend: virtual
                channels: 1
                runDirectory: %s
                stacks: [{name: a, targets: [lm3s6965evb, ghost-board]}]
                """
                                .formatted(parent),
                        "broken");

        assertThatThrownBy(() -> VirtualRackBackend.start(config))
                .isInstanceOf(RackException.class)
                .hasMessageContaining("target 0/1 (ghost-board) could not be started")
                .hasMessageContaining("no-such-machine");
        awaitEmpty(parent);
        assertThat(qemuProcessesUnder(parent)).isEmpty();
        Files.delete(parent);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void endingTheJvmThatOwnsTheRackLeavesNothingBehind(String signal) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process owner = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        RackOwnerMain.class.getName(),
                        SMALL_RACK)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path dir;
        List<Long> pids = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            while (line != null && !line.startsWith("rack ")) {
                line = reader.readLine();
            }
            assertThat(line).as("the owner JVM reports its rack").startsWith("rack ");
            String[] parts = line.split(" ");
            dir = Path.of(parts[1]);
            for (int i = 2; i < parts.length; i++) {
                pids.add(Long.parseLong(parts[i]));
            }
            assertThat(dir).isDirectory();
            assertThat(pids).hasSize(2).allSatisfy(pid -> assertThat(ProcessHandle.of(pid))
                    .isPresent());

            if (signal.equals("SIGKILL")) {
                owner.destroyForcibly();
            } else {
                owner.destroy();
            }
            assertThat(owner.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        VirtualRackBackendTest.awaitTrue(() -> !Files.exists(dir)
                && pids.stream().noneMatch(pid -> ProcessHandle.of(pid)
                        .map(ProcessHandle::isAlive)
                        .orElse(false)));
    }

    private static void awaitEmpty(Path dir) throws Exception {
        VirtualRackBackendTest.awaitTrue(() -> {
            try (var files = Files.list(dir)) {
                return files.findAny().isEmpty();
            }
        });
    }

    private static List<ProcessHandle> qemuProcessesUnder(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains(dir.toString()))
                        .orElse(false))
                .toList();
    }
}
