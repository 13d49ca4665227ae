package dev.hive.runner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hive.protocol.rack.Architecture;
import org.junit.jupiter.api.Test;

/** Hive test classes that {@link HiveExtensionTest} runs through the JUnit launcher. */
final class ExtensionFixtures {

    private ExtensionFixtures() {}

    @HiveTest
    static class Injection {
        @Test
        void receivesTheContext(ProbeInfo probe, TargetInfo target, TestChannel channel, HiveContext context) {
            assertEquals("hive-virtual-2", probe.serial());
            assertEquals("microbit", target.name());
            assertEquals(0x0800_0200L, target.symbol("hive_header"));
            assertEquals(2, channel.index());
            assertEquals(target, context.target());
        }
    }

    @HiveTest
    static class Contracted {
        @Test
        @OnlyArchitectures(Architecture.RISCV)
        void riscvOnly() {}

        @Test
        void everywhere() {}
    }

    @HiveTest
    @OnlyTargets("sifive_e")
    static class ClassContract {
        @Test
        void first() {}

        @Test
        void second() {}
    }

    @HiveTest
    static class Expected {
        @Test
        @ExpectedFailure(IllegalStateException.class)
        void throwsAsExpected() {
            throw new IllegalStateException("as expected");
        }

        @Test
        @ExpectedFailure
        void passesUnexpectedly() {}
    }
}
