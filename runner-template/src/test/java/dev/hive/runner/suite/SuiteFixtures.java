package dev.hive.runner.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.ExpectedFailure;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.OnlyArchitectures;
import dev.hive.runner.api.OnlyTargets;
import dev.hive.runner.api.TargetInfo;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hive test classes that the suite tests run through the real JUnit launcher. */
final class SuiteFixtures {

    private SuiteFixtures() {}

    @HiveTest
    @Order(2)
    static class Ordered {
        @Test
        void bravo() {}

        @Test
        void alpha() {}

        @Test
        @Order(1)
        void zulu() {}

        @Test
        void alpha(TargetInfo target) {}

        @Test
        @Order(1)
        void yankee() {}
    }

    @HiveTest
    @Order(1)
    static class First {
        @Test
        void only() {}
    }

    @HiveTest
    static class Outcomes {
        @Test
        void passes(TargetInfo target) {
            assertEquals("microbit", target.name());
        }

        @Test
        void fails() {
            fail("failed on purpose");
        }

        @Test
        @OnlyArchitectures(Architecture.RISCV)
        void riscvOnly() {}

        @Test
        @Timeout(value = 100, unit = TimeUnit.MILLISECONDS)
        void hangs() {
            hangIgnoringInterrupts();
        }

        @Test
        @ExpectedFailure(IllegalStateException.class)
        void failsAsExpected() {
            throw new IllegalStateException("as expected");
        }

        @Test
        void aborts() {
            Assumptions.assumeTrue(false, "no GPIO here");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void parameterized(int value) {
            if (value == 2) {
                fail("two is wrong");
            }
        }
    }

    @HiveTest
    @OnlyTargets("sifive_e")
    static class ClassContract {
        @Test
        void one() {}

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void two(int value) {}
    }

    @HiveTest
    static class BeforeAllFails {
        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("setup broke");
        }

        @Test
        void one() {}

        @Test
        void two() {}
    }

    @HiveTest
    static class DefaultLimit {
        @Test
        void sleepsPastTheDefault() throws InterruptedException {
            Thread.sleep(5_000);
        }

        @Test
        @Timeout(5)
        void ownLimitIsLonger() throws InterruptedException {
            Thread.sleep(300);
        }
    }

    @HiveTest
    static class Lossy {
        static volatile CountDownLatch sleeping = new CountDownLatch(1);

        @Test
        @Order(1)
        void first() {}

        @Test
        @Order(2)
        void sleeps() throws InterruptedException {
            sleeping.countDown();
            Thread.sleep(10_000);
        }

        @Test
        @Order(3)
        void after() {}

        @ParameterizedTest
        @Order(4)
        @ValueSource(ints = {1, 2})
        void afterParameterized(int value) {}
    }

    @HiveTest
    static class Stoppable {
        static volatile CountDownLatch inside = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @Test
        @Order(1)
        void first() throws InterruptedException {
            inside.countDown();
            release.await();
        }

        @Test
        @Order(2)
        void second() {}

        @ParameterizedTest
        @Order(3)
        @ValueSource(ints = {1, 2})
        void third(int value) {}
    }

    static void hangIgnoringInterrupts() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keeps hanging, as a badly behaved test would
            }
        }
    }
}
