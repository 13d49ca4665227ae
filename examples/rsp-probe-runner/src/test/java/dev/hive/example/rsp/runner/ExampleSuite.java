package dev.hive.example.rsp.runner;

import dev.hive.protocol.run.TestResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the example candidate's hive suite ({@code examples/rsp-probe/src/hive/java}) must report on each target
 * of the virtual rack: every check passes, and the Cortex-M test is skipped, with its reason, on RISC-V.
 */
final class ExampleSuite {

    static final String PACKAGE = "dev.hive.example.rsp.hive.";

    /** Every test as {@code Class.method}, in the order the runner runs them ({@code @Order}). */
    static final List<String> TESTS = List.of(
            "TestprogramImageTest.theHeaderHasTheMagicTheLayoutAndTheSymbolAddresses",
            "TestprogramImageTest.readsTheFlashPatternInOneWideRead",
            "TestprogramImageTest.startUpCodeCopiedTheDataWordIntoRam",
            "TestprogramImageTest.theTargetRunsThisBuildOfTheTestprogram",
            "TestprogramImageTest.aCortexMCoreRunsInThumbStateOnItsMainStack",
            "RunControlTest.haltStopsTheCoreInsideTheTestprogram",
            "RunControlTest.theTimerCounterAdvancesWhileTheCoreRuns",
            "RunControlTest.aBreakpointOnHiveTickStopsTheCoreWithTheCounterAsArgument",
            "RunControlTest.singleStepsThroughHiveTickOneInstructionAtATime",
            "RamAndMailboxTest.writesFreeRamAndReadsItBack",
            "RamAndMailboxTest.theMailboxAnswersARequest",
            "RamAndMailboxTest.theMailboxAnswersRequestsInTurn");

    static final String ARM_ONLY = "TestprogramImageTest.aCortexMCoreRunsInThumbStateOnItsMainStack";

    private ExampleSuite() {}

    /** The outcome ({@code STATUS} or {@code STATUS: message}) of every test on {@code target}. */
    static Map<String, String> expected(String target) {
        var outcomes = new LinkedHashMap<String, String>();
        for (String test : TESTS) {
            outcomes.put(test, "PASSED");
        }
        if (target.equals("sifive_e")) {
            outcomes.put(ARM_ONLY, "SKIPPED: only for ARM targets; sifive_e is RISCV");
        }
        return outcomes;
    }

    /** {@code Class.method} of a result. */
    static String key(TestResult result) {
        String type = result.className().substring(result.className().lastIndexOf('.') + 1);
        return type + "." + result.methodName();
    }
}
