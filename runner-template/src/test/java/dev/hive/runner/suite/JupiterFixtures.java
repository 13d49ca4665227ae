package dev.hive.runner.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A hive test class using every JUnit Jupiter feature a hive test may use. */
final class JupiterFixtures {

    private JupiterFixtures() {}

    @HiveTest
    @Tag("board")
    @DisplayName("every feature")
    static class Features {

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void parameterized(int n, TargetInfo target) {
            assertEquals("microbit", target.name());
            assertTrue(n > 0);
        }

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({"one, 1", "two, 2"})
        void csv(String word, int n, ProbeInfo probe, TargetInfo target, TestInfo info) {
            assertEquals("hive-virtual-1", probe.serial());
            assertTrue(info.getDisplayName().startsWith(word));
        }

        @RepeatedTest(3)
        void repeated(RepetitionInfo repetition, TargetInfo target) {
            assertEquals(3, repetition.getTotalRepetitions());
        }

        @TestFactory
        Stream<DynamicTest> factory(TargetInfo target) {
            return Stream.of(
                    dynamicTest("reads " + target.name(), () -> assertEquals("microbit", target.name())),
                    dynamicTest("fails", () -> assertEquals(1, 2, "dynamic failure")));
        }

        @Test
        @DisplayName("a shown name")
        void displayed() {}

        @Test
        @Disabled("not on this rack")
        void disabled() {}

        @Test
        void assumes() {
            Assumptions.assumeTrue(false, "no GPIO here");
        }

        @Test
        @Tag("slow")
        void slow() {}

        @Nested
        @DisplayName("inner")
        class Inner {
            @Test
            @Tag("uart")
            void nested(ProbeInfo probe) {
                assertEquals("hive-virtual-1", probe.serial());
            }
        }
    }
}
