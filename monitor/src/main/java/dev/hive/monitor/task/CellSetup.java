package dev.hive.monitor.task;

import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.rack.TestprogramDescription;
import dev.hive.protocol.run.Cell;
import java.util.Objects;
import java.util.Optional;

/**
 * What was on a cell when a test ran there, as the monitor itself described it to the runner (never as the
 * runner says): the rack, and the testprogram flashed onto the cell's target with its {@code HIVE_UID}.
 *
 * @param rack the rack's name
 * @param testprogram the testprogram's name, empty when none was built for the target
 * @param hiveUid the build's {@code HIVE_UID} as 16 lower-case hex digits, empty with the testprogram
 */
public record CellSetup(String rack, Optional<String> testprogram, Optional<String> hiveUid) {

    public CellSetup {
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(testprogram, "testprogram");
        Objects.requireNonNull(hiveUid, "hiveUid");
    }

    /** The setup of {@code cell} in {@code rack}, the description the run's runner received. */
    public static CellSetup of(RackDescription rack, Cell cell) {
        Optional<TestprogramDescription> program = rack.stack(cell.stack()).stream()
                .flatMap(s -> s.slots().stream())
                .filter(s -> s.slot() == cell.slot())
                .findFirst()
                .flatMap(SlotDescription::targetIfPresent)
                .flatMap(TargetDescription::testprogramIfPresent);
        return new CellSetup(
                rack.name(), program.map(TestprogramDescription::name), program.map(TestprogramDescription::uidHex));
    }
}
