package dev.hive.monitor.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.rack.virtual.VirtualRackBackend;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a run a virtual rack reflashes what the run touched (connected, reset, powered) and what is not READY,
 * and leaves the other boards as they are (their QEMU keeps running: same process); real QEMU boards.
 */
class TouchedTargetsTest {

    private static final SlotAddress A = new SlotAddress(0, 0);
    private static final SlotAddress B = new SlotAddress(0, 1);
    private static final SlotAddress C = new SlotAddress(1, 0);

    @TempDir
    static Path work;

    static VirtualRackBackend rack;
    static TestprogramBuild build;

    @BeforeAll
    static void start() {
        var catalog = TargetCatalog.builtin();
        var config = (VirtualRackConfig) new RackFile(catalog)
                .parse(
                        """
                        name: touched
                        backend: virtual
                        channels: 1
                        stacks:
                          - {name: a, targets: [lm3s6965evb, lm3s6965evb]}
                          - {name: b, targets: [lm3s6965evb]}
                        """,
                        "touched");
        build = new TestprogramBuilder(work, Toolchains.fromPath())
                .build(
                        new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()),
                        List.of(catalog.get("lm3s6965evb")));
        rack = VirtualRackBackend.start(config);
        assertThat(rack.flash(build).values())
                .allSatisfy(s -> assertThat(s.isOk()).isTrue());
    }

    @AfterAll
    static void stop() {
        if (rack != null) {
            rack.close();
        }
    }

    @Test
    void onlyTheConnectedAndTheLostBoardsAreReflashed() throws Exception {
        var touched = new TouchedTargets(rack);
        touched.connect(0, A);
        touched.disconnect(0);
        long pidA = rack.processId(A).orElseThrow();
        long pidB = rack.processId(B).orElseThrow();
        long pidC = rack.processId(C).orElseThrow();
        ProcessHandle qemuC = ProcessHandle.of(pidC).orElseThrow();
        qemuC.destroyForcibly();
        qemuC.onExit().get();
        assertThat(rack.health(C)).isEqualTo(TargetHealth.LOST); // its process is gone: seen at once

        var results = touched.restoring().flash(build);

        assertThat(results.keySet()).containsExactlyInAnyOrder(A, C);
        assertThat(results.values()).allSatisfy(s -> assertThat(s.isOk()).isTrue());
        assertThat(rack.processId(A)).isPresent().isNotEqualTo(java.util.Optional.of(pidA));
        assertThat(rack.processId(B)).contains(pidB); // untouched: not restarted
        assertThat(rack.processId(C)).isPresent().isNotEqualTo(java.util.Optional.of(pidC));
        assertThat(rack.health(C)).isEqualTo(TargetHealth.READY);
    }

    @Test
    void aResetOrPoweredBoardCountsAsTouched() {
        var touched = new TouchedTargets(rack);
        touched.reset(B);
        long pidA = rack.processId(A).orElseThrow();

        var results = touched.restoring().flash(build);

        assertThat(results.keySet()).containsExactly(B);
        assertThat(rack.processId(A)).contains(pidA);
    }
}
