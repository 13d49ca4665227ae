package dev.hive.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.TestStarted;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteOrderTest {

    @Test
    void testsRunByOrderThenNameThenParametersAndClassesByOrderThenName() {
        var run = new SuiteRun().run(1_000, SuiteFixtures.Ordered.class, SuiteFixtures.First.class);
        assertThat(run.started.stream().map(TestStarted::displayName))
                .containsExactly("only()", "yankee()", "zulu()", "alpha()", "alpha(TargetInfo)", "bravo()");
        assertThat(run.names()).containsExactly("only", "yankee", "zulu", "alpha", "alpha", "bravo");
    }

    @Test
    void theOrderIsTheSameOnEveryRun() {
        List<String> first = ids(new SuiteRun().run(1_000, SuiteFixtures.Ordered.class, SuiteFixtures.Outcomes.class));
        for (int i = 0; i < 3; i++) {
            assertThat(ids(new SuiteRun().run(1_000, SuiteFixtures.Outcomes.class, SuiteFixtures.Ordered.class)))
                    .isEqualTo(first);
        }
    }

    @Test
    void theSuiteListsItsTestsInExecutionOrderWithParameterizedTestsOnce() {
        var tests = SuiteRun.suite(SuiteFixtures.ClassContract.class, SuiteFixtures.First.class)
                .tests();
        assertThat(tests).extracting(t -> t.getDisplayName()).containsExactly("only()", "one()", "two(int)");
    }

    private static List<String> ids(SuiteRun run) {
        return run.finished.stream().map(r -> r.testId()).toList();
    }
}
