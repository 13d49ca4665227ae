package dev.hive.cli.guide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.OnlyArchitectures;
import dev.hive.runner.api.OnlyTargets;
import dev.hive.runner.api.RequiresCapability;
import dev.hive.runner.api.TargetInfo;
import dev.hive.runner.api.TestChannel;
import org.junit.jupiter.api.Test;

/** Guide: contracts, which turn a test into SKIPPED with the reason where they exclude the target. */
// tag::contracts[]
@HiveTest
class ContractsExample {

    @Test
    @OnlyArchitectures(Architecture.ARM)
    void onlyOnArm(TargetInfo target) {
        assertTrue(target.core().startsWith("cortex-m"), target.core());
    }

    @Test
    @OnlyTargets({"stm32*", "nrf52*"})
    void onlyOnStm32AndNrf52(TargetInfo target) {
        assertTrue(target.flash().length() > 0);
    }

    @Test
    @RequiresCapability("gpio")
    void drivesAGpioLine(TestChannel channel) {
        channel.setOutput(true);
    }
}
// end::contracts[]
