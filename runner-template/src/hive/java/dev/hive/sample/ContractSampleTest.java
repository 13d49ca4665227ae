package dev.hive.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.OnlyArchitectures;
import dev.hive.runner.api.OnlyTargets;
import dev.hive.runner.api.RequiresCapability;
import dev.hive.runner.api.TargetInfo;
import dev.hive.runner.api.TestChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sample: contracts; where they exclude a target the result is SKIPPED with the reason. */
@HiveTest
class ContractSampleTest {

    @Test
    @OnlyArchitectures(Architecture.RISCV)
    void onlyOnRiscv(TargetInfo target) {
        assertTrue(target.core().startsWith("rv32"), "a RISC-V core: " + target.core());
    }

    @Test
    @OnlyTargets({"stm32*", "mps2-*"})
    void onlyOnStm32AndMps2(TargetInfo target) {
        assertEquals(Architecture.ARM, target.architecture());
    }

    @Test
    @RequiresCapability("gpio")
    void drivesTheGpioOutput(TestChannel channel) {
        channel.setOutput(true);
    }

    @Test
    @RequiresCapability("uart")
    void readsTheUart(TestChannel channel) throws Exception {
        assertNotNull(channel.readUart(64, Duration.ofMillis(20)), "whatever the target said, possibly nothing");
    }
}
