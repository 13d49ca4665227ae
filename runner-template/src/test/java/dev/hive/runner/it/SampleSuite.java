package dev.hive.runner.it;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the runner template's sample suite ({@code src/hive/java/dev/hive/sample}) must report on each target
 * of the virtual rack, when nothing kills a target: per {@code Class.method}, the status and message.
 */
final class SampleSuite {

    static final int REPETITIONS = 40;

    /** Results per cell: 13 single tests and 40 repetitions of one more. */
    static final int RESULTS_PER_CELL = 13 + REPETITIONS;

    private SampleSuite() {}

    static boolean isRiscv(String target) {
        return target.equals("sifive_e");
    }

    /** The outcome ({@code STATUS} or {@code STATUS: message}) of each single test on {@code target}. */
    static Map<String, String> expected(String target) {
        var outcomes = new LinkedHashMap<String, String>();
        boolean riscv = isRiscv(target);
        String armOnly = "SKIPPED: only for ARM targets; sifive_e is RISCV";
        outcomes.put("ArmOnlySampleTest.hasACortexCore", riscv ? armOnly : "PASSED");
        outcomes.put("ArmOnlySampleTest.bootsFromTheFirstFlashRegion", riscv ? armOnly : "PASSED");
        outcomes.put(
                "ContractSampleTest.onlyOnRiscv",
                riscv ? "PASSED" : "SKIPPED: only for RISCV targets; " + target + " is ARM");
        outcomes.put(
                "ContractSampleTest.onlyOnStm32AndMps2",
                target.startsWith("stm32") || target.startsWith("mps2-")
                        ? "PASSED"
                        : "SKIPPED: only for targets matching stm32*, mps2-*; not for " + target);
        outcomes.put(
                "ContractSampleTest.drivesTheGpioOutput",
                "SKIPPED: needs the rack capability gpio; this rack offers uart, virtual");
        outcomes.put("ContractSampleTest.readsTheUart", "PASSED");
        outcomes.put(
                "FailureSampleTest.failsOnPurpose",
                "FAILED: a sample failure on " + target + " ==> expected: <cortex-m0> but was: <no core>");
        outcomes.put("FailureSampleTest.failsAsExpected", "PASSED");
        outcomes.put("FailureSampleTest.expectsAFailureButPasses", "FAILED: expected a failure, but the test passed");
        outcomes.put("ProbeSampleTest.readsTheTestprogramHeader", "PASSED");
        outcomes.put("ProbeSampleTest.theCounterRunsWhileTheCoreRuns", "PASSED");
        outcomes.put("TargetLossSampleTest.waitsForTheMonitorToKillItsTarget", "PASSED");
        outcomes.put("TimeLimitSampleTest.hangs", "ERROR: timed out after 250 ms");
        return outcomes;
    }

    static String key(dev.hive.protocol.run.TestResult result) {
        String type = result.className().substring(result.className().lastIndexOf('.') + 1);
        return type + "." + result.methodName();
    }
}
