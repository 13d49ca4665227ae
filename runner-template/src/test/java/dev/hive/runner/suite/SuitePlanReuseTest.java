package dev.hive.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.run.TestSelection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestPlan;

/** The discovery made while the runner greets the monitor serves the run: not repeated, its plan run once. */
class SuitePlanReuseTest {

    @Test
    void theSameSelectionKeepsTheSuiteAndItsDiscoveryAnotherMakesANewOne() {
        Suite suite = SuiteRun.suite(SuiteFixtures.Ordered.class, SuiteFixtures.First.class);
        List<?> tests = suite.tests();
        assertThat(suite.select(TestSelection.ALL)).isSameAs(suite);
        assertThat(suite.select(new TestSelection(List.of(), List.of(), List.of()))
                        .tests())
                .isSameAs(tests);
        Suite narrowed = suite.select(new TestSelection(List.of(), List.of(), List.of("none-has-it")));
        assertThat(narrowed).isNotSameAs(suite);
        assertThat(narrowed.tests()).hasSameSizeAs(tests);
    }

    @Test
    void theDiscoveredPlanIsHandedOutOnceThenEachExecutionGetsAFreshOne() {
        Suite suite = SuiteRun.suite(SuiteFixtures.Ordered.class);
        suite.tests();
        try (var session = HiveLauncher.openSession()) {
            TestPlan first = suite.planFor(session.getLauncher());
            TestPlan second = suite.planFor(session.getLauncher());
            TestPlan third = suite.planFor(session.getLauncher());
            assertThat(second).isNotSameAs(first);
            assertThat(third).isNotSameAs(second);
            assertThat(second.countTestIdentifiers(t -> t.isTest()))
                    .isEqualTo(first.countTestIdentifiers(t -> t.isTest()));
        }
    }

    @Test
    void aChannelRunsTheDiscoveredPlanOnItsFirstTargetAndTheWholeSuiteOnEveryTarget() {
        Suite suite = SuiteRun.suite(SuiteFixtures.Ordered.class, SuiteFixtures.First.class);
        suite.tests(); // as the runner's warm-up does
        var run = new SuiteRun();
        try (ChannelSuite channel = suite.open("channel-1", 1_000)) {
            channel.run(SuiteRun.CELL, SuiteRun.context(), run.watch, run);
            channel.run(SuiteRun.CELL, SuiteRun.context(), run.watch, run);
        }
        List<String> once = List.of("only", "yankee", "zulu", "alpha", "alpha", "bravo");
        assertThat(run.names().subList(0, 6)).isEqualTo(once);
        assertThat(run.names().subList(6, 12)).isEqualTo(once);
        assertThat(run.names()).hasSize(12);
    }

    @Test
    void eachLaterTargetRunsThePlanDiscoveredWhileThePreviousTargetRan() {
        Suite suite = SuiteRun.suite(SuiteFixtures.Ordered.class, SuiteFixtures.First.class);
        suite.tests();
        var run = new SuiteRun();
        try (ChannelSuite channel = suite.open("channel-1", 1_000)) {
            for (int target = 0; target < 4; target++) {
                channel.run(SuiteRun.CELL, SuiteRun.context(), run.watch, run);
            }
        }
        List<String> once = List.of("only", "yankee", "zulu", "alpha", "alpha", "bravo");
        assertThat(run.names()).hasSize(4 * once.size());
        for (int target = 0; target < 4; target++) {
            assertThat(run.names().subList(target * once.size(), (target + 1) * once.size()))
                    .as("target " + target)
                    .isEqualTo(once);
        }
    }
}
