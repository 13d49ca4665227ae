package dev.hive.runner.listing;

import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hive test classes whose parameters the list mode judges. */
final class ListingFixtures {

    private ListingFixtures() {}

    @HiveTest
    @Tag("board")
    static class Parameters {
        @Test
        void takesAThread(ProbeInfo probe, Thread thread) {}

        @ParameterizedTest
        @ValueSource(ints = 1)
        void injectedFirst(ProbeInfo probe, int n) {}

        @ParameterizedTest
        @CsvSource("a, 1")
        void ownFirst(String word, int n, ProbeInfo probe, TargetInfo target, TestReporter reporter) {}

        @RepeatedTest(2)
        @Tag("slow")
        void repeated(RepetitionInfo repetition, @TempDir Path dir, TestInfo info) {}

        @Nested
        @DisplayName("inner")
        class Inner {
            @Test
            void nestedTakesAString(String text) {}
        }
    }

    @HiveTest
    static class Unrunnable {
        @Test
        int returnsAValue() {
            return 1;
        }

        @Test
        void runs() {}
    }

    /** A resolver of the test's own. */
    static final class ThreadResolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Thread.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return Thread.currentThread();
        }
    }

    @HiveTest
    @ExtendWith(ThreadResolver.class)
    static class OwnResolver {
        @Test
        void takesAThread(Thread thread) {}
    }
}
