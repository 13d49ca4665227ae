package dev.hive.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.OnlyArchitectures;
import dev.hive.runner.api.TargetInfo;
import org.junit.jupiter.api.Test;

/** Sample: a contract on the class; on RISC-V targets each of its tests is SKIPPED with the reason. */
@HiveTest
@OnlyArchitectures(Architecture.ARM)
class ArmOnlySampleTest {

    @Test
    void hasACortexCore(TargetInfo target) {
        assertTrue(target.core().startsWith("cortex-m"), target.core());
    }

    @Test
    void bootsFromTheFirstFlashRegion(TargetInfo target) {
        assertEquals(target.flash().origin() + 0x200, target.symbol("hive_header"), "header at flash + 0x200");
    }
}
