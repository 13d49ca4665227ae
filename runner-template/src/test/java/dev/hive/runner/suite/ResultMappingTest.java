package dev.hive.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import org.junit.jupiter.api.Test;

/** What JUnit's outcomes become on the wire, through the real launcher. */
class ResultMappingTest {

    @Test
    void everyOutcomeMapsToItsStatusMessageAndTrace() {
        var run = new SuiteRun().run(5_000, SuiteFixtures.Outcomes.class);

        TestResult passed = run.result("passes");
        assertThat(passed.status()).isEqualTo(TestStatus.PASSED);
        assertThat(passed.message()).isNull();
        assertThat(passed.stackTrace()).isNull();
        assertThat(passed.cell()).isEqualTo(SuiteRun.CELL);
        assertThat(passed.className()).isEqualTo(SuiteFixtures.Outcomes.class.getName());
        assertThat(passed.testId())
                .startsWith("[engine:junit-jupiter]/[class:")
                .endsWith("[method:passes(dev.hive.runner.api.TargetInfo)]");

        TestResult failed = run.result("fails");
        assertThat(failed.status()).isEqualTo(TestStatus.FAILED);
        assertThat(failed.message()).isEqualTo("failed on purpose");
        assertThat(failed.stackTrace())
                .contains("org.opentest4j.AssertionFailedError: failed on purpose")
                .contains("SuiteFixtures$Outcomes.fails");

        TestResult contract = run.result("riscvOnly");
        assertThat(contract.status()).isEqualTo(TestStatus.SKIPPED);
        assertThat(contract.message()).isEqualTo("only for RISCV targets; microbit is ARM");

        TestResult hung = run.result("hangs");
        assertThat(hung.status()).isEqualTo(TestStatus.ERROR);
        assertThat(hung.message()).isEqualTo("timed out after 100 ms");
        assertThat(hung.stackTrace()).as("where it hung").contains("hangIgnoringInterrupts");
        assertThat(hung.durationMillis()).isBetween(100L, 2_000L);

        assertThat(run.result("failsAsExpected").status()).isEqualTo(TestStatus.PASSED);

        TestResult aborted = run.result("aborts");
        assertThat(aborted.status()).isEqualTo(TestStatus.SKIPPED);
        assertThat(aborted.message()).isEqualTo("Assumption failed: no GPIO here");

        assertThat(run.result("parameterized [1] 1").status()).isEqualTo(TestStatus.PASSED);
        assertThat(run.result("parameterized [2] 2").status()).isEqualTo(TestStatus.FAILED);
        assertThat(run.result("parameterized [3] 3").status()).isEqualTo(TestStatus.PASSED);
        assertThat(run.finished).hasSize(9);
    }

    @Test
    void everyStartedTestFinishesOnceAndSkippedTestsNeverStart() {
        var run = new SuiteRun().run(5_000, SuiteFixtures.Outcomes.class);
        assertThat(run.finished).extracting(TestResult::testId).doesNotHaveDuplicates();
        assertThat(run.started.stream().map(TestStarted::testId))
                .containsExactlyElementsOf(run.finished.stream()
                        .filter(r -> !"only for RISCV targets; microbit is ARM".equals(r.message()))
                        .map(TestResult::testId)
                        .toList());
    }

    @Test
    void aClassContractSkipsEachTestOfTheClassWithTheReason() {
        var run = new SuiteRun().run(5_000, SuiteFixtures.ClassContract.class);
        assertThat(run.names()).containsExactly("one", "two");
        assertThat(run.finished).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(r.message()).isEqualTo("only for targets matching sifive_e; not for microbit");
        });
        assertThat(run.started).isEmpty();
    }

    @Test
    void aFailedBeforeAllFailsEachTestOfTheClass() {
        var run = new SuiteRun().run(5_000, SuiteFixtures.BeforeAllFails.class);
        assertThat(run.names()).containsExactly("one", "two");
        assertThat(run.finished).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TestStatus.FAILED);
            assertThat(r.message()).isEqualTo("setup broke");
            assertThat(r.stackTrace()).contains("SuiteFixtures$BeforeAllFails.setUp");
        });
    }

    @Test
    void theRunsDefaultLimitAppliesUnlessTheTestSetsItsOwn() {
        var run = new SuiteRun().run(200, SuiteFixtures.DefaultLimit.class);
        assertThat(run.result("sleepsPastTheDefault").status()).isEqualTo(TestStatus.ERROR);
        assertThat(run.result("sleepsPastTheDefault").message()).isEqualTo("timed out after 200 ms");
        assertThat(run.result("ownLimitIsLonger").status()).isEqualTo(TestStatus.PASSED);
    }
}
