package dev.hive.monitor.rack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.QemuChildren;
import dev.hive.monitor.db.Database;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.rack.virtual.VirtualRackBackend;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reinitialising a real virtual rack (QEMU, the cross toolchain, SQLite) with a changed assignment: the new
 * rack replaces the running one for everybody holding it, and a rack that cannot start leaves the running one
 * as it was, with nothing of the attempt left behind.
 */
class RackReinitializerTest {

    /** The built-in boards the test uses, and one whose QEMU machine does not exist. */
    static final String CATALOG =
            """
            - name: lm3s6965evb
              chip: LM3S6965
              architecture: ARM
              core: cortex-m3
              flash: {origin: "0x0", length: 256K}
              ram: {origin: "0x20000000", length: 64K}
              qemu: {qemu: qemu-system-arm, machine: lm3s6965evb}
            - name: lm3s811evb
              chip: LM3S811
              architecture: ARM
              core: cortex-m3
              flash: {origin: "0x0", length: 64K}
              ram: {origin: "0x20000000", length: 8K}
              qemu: {qemu: qemu-system-arm, machine: lm3s811evb}
            - name: ghost-board
              chip: none
              architecture: ARM
              core: cortex-m3
              flash: {origin: "0x0", length: 64K}
              ram: {origin: "0x20000000", length: 8K}
              qemu: {qemu: qemu-system-arm, machine: no-such-machine}
            """;

    @TempDir
    Path dir;

    TargetCatalog catalog;
    Database db;
    AssignmentRepository assignments;
    SwappableRack rack;
    ActiveBuild active;
    RackReinitializer reinitializer;

    @BeforeEach
    void start() throws Exception {
        catalog = TargetCatalog.read(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
        db = Database.open(dir.resolve("hive.db"), Clock.systemUTC());
        var testprograms = new TestprogramRepository(db, Clock.systemUTC());
        Testprogram builtin = testprograms.seedBuiltin();
        var config = (VirtualRackConfig) new RackFile(catalog)
                .parse(
                        """
                        name: swap
                        backend: virtual
                        channels: 1
                        stacks: [{name: a, targets: [lm3s6965evb, empty]}]
                        """,
                        "swap");
        var builder = new TestprogramBuilder(dir.resolve("build"), Toolchains.fromPath());
        var build = builder.build(testprograms.sources(builtin.id()).orElseThrow(), StartedRack.targets(config));
        rack = new SwappableRack(StartedRack.start(config, build));
        active = new ActiveBuild(build);
        assignments = new AssignmentRepository(db);
        RackAssignment detected = RackAssignment.detectedIn(rack.rack());
        assignments.replaceAll(detected.probes(), detected.targets());
        reinitializer = new RackReinitializer(rack, catalog, assignments, testprograms, builder, active);
    }

    @AfterEach
    void stop() {
        if (rack != null) {
            rack.close();
        }
        db.close();
    }

    @Test
    @Timeout(120)
    void theAssignedBoardReplacesTheRunningRackAndItsLossesAreHeard() throws Exception {
        StartedRack before = rack.current();
        var lost = new CompletableFuture<SlotAddress>();
        rack.addListener((slot, reason) -> lost.complete(slot));
        assignments.setTarget(TargetAssignment.known(0, 1, "lm3s811evb"));

        RackReinitializer.Outcome outcome = reinitializer.reinitialize();

        assertThat(outcome.replaced()).isTrue();
        assertThat(outcome.allFlashed()).as("%s", outcome.flashed()).isTrue();
        assertThat(rack.current()).isNotSameAs(before);
        assertThat(rack.rack()
                        .slot(new SlotAddress(0, 1))
                        .orElseThrow()
                        .target()
                        .name())
                .isEqualTo("lm3s811evb");
        assertThat(rack.health(new SlotAddress(0, 1))).isEqualTo(TargetHealth.READY);
        assertThat(active.get().imageFor(catalog.get("lm3s811evb"))).isPresent();
        assertThat(assignments.targets())
                .extracting(TargetAssignment::flashStatus)
                .containsOnly(dev.hive.rack.model.FlashStatus.Outcome.OK);
        assertThat(((VirtualRackBackend) before.backend()).runDirectory())
                .as("the rack before is closed")
                .doesNotExist();
        assertThat(lost).as("closing the rack before is no loss").isNotDone();

        long pid = ((VirtualRackBackend) rack.current().backend())
                .processId(new SlotAddress(0, 1))
                .orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThat(lost.get(30, TimeUnit.SECONDS)).isEqualTo(new SlotAddress(0, 1));

        // the same assignment again: nothing to start, the targets are flashed again
        StartedRack now = rack.current();
        assertThat(reinitializer.reinitialize().replaced()).isFalse();
        assertThat(rack.current()).isSameAs(now);
    }

    @Test
    @Timeout(120)
    void aBoardThatCannotStartLeavesTheRunningRackAsItWasAndNothingBehind() throws Exception {
        StartedRack before = rack.current();
        Path runDirectory = ((VirtualRackBackend) before.backend()).runDirectory();
        List<Long> qemuBefore = QemuChildren.pids();
        assignments.setTarget(TargetAssignment.known(0, 1, "ghost-board"));

        assertThatThrownBy(() -> reinitializer.reinitialize())
                .isInstanceOf(RackException.class)
                .hasMessageContaining("the assigned rack did not start, the rack before is kept")
                .hasMessageContaining("ghost-board")
                .hasMessageContaining("no-such-machine");

        assertThat(rack.current()).isSameAs(before);
        assertThat(runDirectory).exists();
        assertThat(rack.health(new SlotAddress(0, 0))).isEqualTo(TargetHealth.READY);
        assertThat(rack.rack().slot(new SlotAddress(0, 1)).orElseThrow().state())
                .isEqualTo(dev.hive.rack.model.TargetState.NOT_CONNECTED);
        assertThat(QemuChildren.await(QemuChildren::pids, qemuBefore::equals, Duration.ofSeconds(10)))
                .as("QEMU processes of this JVM")
                .isEqualTo(qemuBefore);
    }
}
