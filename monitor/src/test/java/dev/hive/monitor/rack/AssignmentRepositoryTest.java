package dev.hive.monitor.rack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.Database;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.TargetState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentRepositoryTest {
    @TempDir
    Path dir;

    Database db;
    AssignmentRepository assignments;

    static final ProbeAssignment STLINK =
            new ProbeAssignment(0, ProbeKind.ST_LINK_V2, "ST-Link V2", "123", 0x0483, 0x3748);
    static final ProbeAssignment VIRTUAL =
            new ProbeAssignment(1, ProbeKind.VIRTUAL_GDB, "Virtual GDB probe 1", "", 0, 0);

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), Clock.systemUTC());
        assignments = new AssignmentRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anAssignmentSurvivesARestart() {
        List<TargetAssignment> targets = List.of(
                TargetAssignment.notConnected(1, 0),
                TargetAssignment.known(0, 0, "stm32vldiscovery"),
                TargetAssignment.unknown(0, 1));
        assignments.replaceAll(List.of(VIRTUAL, STLINK), targets);
        db.close();
        db = Database.open(dir.resolve("hive.db"), Clock.systemUTC());
        assignments = new AssignmentRepository(db);
        assertThat(assignments.probes()).containsExactly(STLINK, VIRTUAL);
        assertThat(assignments.targets())
                .containsExactly(
                        TargetAssignment.known(0, 0, "stm32vldiscovery"),
                        TargetAssignment.unknown(0, 1),
                        TargetAssignment.notConnected(1, 0));
        assertThat(assignments.load()).isEqualTo(new RackAssignment(List.of(STLINK, VIRTUAL), targets));
    }

    @Test
    void replaceAllReplacesEverythingOrNothing() {
        assignments.replaceAll(List.of(STLINK), List.of(TargetAssignment.known(0, 0, "stm32vldiscovery")));
        assignments.replaceAll(List.of(VIRTUAL), List.of(TargetAssignment.unknown(0, 3)));
        assertThat(assignments.probes()).containsExactly(VIRTUAL);
        assertThat(assignments.targets()).containsExactly(TargetAssignment.unknown(0, 3));

        assertThatThrownBy(() -> assignments.replaceAll(
                        List.of(STLINK), List.of(TargetAssignment.unknown(2, 2), TargetAssignment.unknown(2, 2))))
                .isInstanceOf(RuntimeException.class);
        assertThat(assignments.probes()).as("rolled back").containsExactly(VIRTUAL);
        assertThat(assignments.targets()).containsExactly(TargetAssignment.unknown(0, 3));
    }

    @Test
    void flashOutcomesAreStoredPerSlot() {
        assignments.replaceAll(
                List.of(),
                List.of(TargetAssignment.known(0, 0, "stm32vldiscovery"), TargetAssignment.known(0, 1, "netduino2")));
        assertThat(assignments.setFlashStatus(0, 1, FlashStatus.Outcome.ERROR, "flash tool exited with 1"))
                .isTrue();
        assertThat(assignments.setFlashStatus(0, 0, FlashStatus.Outcome.OK, "flashed in 0.4 s"))
                .isTrue();
        assertThat(assignments.setFlashStatus(5, 0, FlashStatus.Outcome.OK, "")).isFalse();
        assertThat(assignments.targets())
                .containsExactly(
                        TargetAssignment.known(0, 0, "stm32vldiscovery")
                                .withFlash(FlashStatus.Outcome.OK, "flashed in 0.4 s"),
                        TargetAssignment.known(0, 1, "netduino2")
                                .withFlash(FlashStatus.Outcome.ERROR, "flash tool exited with 1"));
    }

    @Test
    void aTargetNameGoesWithTheKnownStateOnly() {
        assertThatThrownBy(() -> new TargetAssignment(
                        0, 0, TargetState.UNKNOWN, Optional.of("x"), FlashStatus.Outcome.NOT_FLASHED, ""))
                .hasMessageContaining("a target name is given exactly when the state is KNOWN");
    }
}
