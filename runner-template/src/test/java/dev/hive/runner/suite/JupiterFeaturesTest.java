package dev.hive.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestSelection;
import dev.hive.protocol.run.TestStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every JUnit Jupiter feature gives exactly one result per test on a cell, through the real launcher. */
class JupiterFeaturesTest {

    private static final String FEATURES = JupiterFixtures.Features.class.getName();

    private static Map<String, TestResult> run(TestSelection selection) {
        var run = new SuiteRun();
        var suite = new Suite(List.of(FEATURES), selection, Clock.systemUTC());
        try (ChannelSuite channel = suite.open("channel-1", 5_000)) {
            channel.run(SuiteRun.CELL, SuiteRun.context(), run.watch, run);
        }
        var byName = new LinkedHashMap<String, TestResult>();
        for (TestResult result : run.finished) {
            assertThat(byName.put(result.displayName(), result))
                    .as("one result for %s", result.displayName())
                    .isNull();
        }
        return byName;
    }

    @Test
    void eachInvocationParameterRepetitionAndDynamicTestIsOneResultWithItsStatus() {
        Map<String, TestResult> results = run(TestSelection.ALL);

        Map<String, TestStatus> statuses = new LinkedHashMap<>();
        results.forEach((name, result) -> statuses.put(name, result.status()));
        assertThat(statuses)
                .containsOnly(
                        Map.entry("parameterized(int, TargetInfo) [1] 1", TestStatus.PASSED),
                        Map.entry("parameterized(int, TargetInfo) [2] 2", TestStatus.PASSED),
                        Map.entry("csv(String, int, ProbeInfo, TargetInfo, TestInfo) one is 1", TestStatus.PASSED),
                        Map.entry("csv(String, int, ProbeInfo, TargetInfo, TestInfo) two is 2", TestStatus.PASSED),
                        Map.entry("repeated(RepetitionInfo, TargetInfo) repetition 1 of 3", TestStatus.PASSED),
                        Map.entry("repeated(RepetitionInfo, TargetInfo) repetition 2 of 3", TestStatus.PASSED),
                        Map.entry("repeated(RepetitionInfo, TargetInfo) repetition 3 of 3", TestStatus.PASSED),
                        Map.entry("factory(TargetInfo) reads microbit", TestStatus.PASSED),
                        Map.entry("factory(TargetInfo) fails", TestStatus.FAILED),
                        Map.entry("a shown name", TestStatus.PASSED),
                        Map.entry("disabled()", TestStatus.SKIPPED),
                        Map.entry("assumes()", TestStatus.SKIPPED),
                        Map.entry("slow()", TestStatus.PASSED),
                        Map.entry("nested(ProbeInfo)", TestStatus.PASSED));
        assertThat(results.get("disabled()").message()).isEqualTo("not on this rack");
        assertThat(results.get("assumes()").message()).isEqualTo("Assumption failed: no GPIO here");
        assertThat(results.get("factory(TargetInfo) fails").message()).startsWith("dynamic failure");
    }

    @Test
    void dynamicAndNestedResultsNameTheirClassAndMethod() {
        Map<String, TestResult> results = run(TestSelection.ALL);

        TestResult dynamic = results.get("factory(TargetInfo) fails");
        assertThat(dynamic.className()).isEqualTo(FEATURES);
        assertThat(dynamic.methodName()).isEqualTo("factory");
        TestResult nested = results.get("nested(ProbeInfo)");
        assertThat(nested.className()).isEqualTo(JupiterFixtures.Features.Inner.class.getName());
        assertThat(nested.methodName()).isEqualTo("nested");
    }

    @Test
    void aSelectedMethodRunsAloneWhateverItsParameters() {
        assertThat(run(new TestSelection(List.of(FEATURES + "#csv"), null, null)))
                .containsOnlyKeys(
                        "csv(String, int, ProbeInfo, TargetInfo, TestInfo) one is 1",
                        "csv(String, int, ProbeInfo, TargetInfo, TestInfo) two is 2");
        assertThat(run(new TestSelection(List.of(JupiterFixtures.Features.Inner.class.getName()), null, null)))
                .containsOnlyKeys("nested(ProbeInfo)");
    }

    @Test
    void tagExpressionsIncludeAndExcludeWithTheClassTagsInherited() {
        assertThat(run(new TestSelection(null, List.of("slow | uart"), null)))
                .containsOnlyKeys("slow()", "nested(ProbeInfo)");
        assertThat(run(new TestSelection(null, List.of("board"), List.of("slow", "uart"))))
                .hasSize(12)
                .doesNotContainKeys("slow()", "nested(ProbeInfo)");
    }

    @Test
    void aSelectionNamingWhatIsNotThereIsAnErrorThatSaysSo() {
        var suite = new Suite(List.of(FEATURES), Clock.systemUTC());

        assertThatThrownBy(() -> suite.select(new TestSelection(List.of("com.example.Missing"), null, null))
                        .tests())
                .isInstanceOf(SelectionException.class)
                .hasMessage("--select com.example.Missing: the runner holds no hive test class com.example.Missing"
                        + " (its hive test classes: " + FEATURES + ")");
        assertThatThrownBy(() -> suite.select(new TestSelection(List.of(FEATURES + "#nope"), null, null))
                        .tests())
                .hasMessage("--select " + FEATURES + "#nope: " + FEATURES + " has no method nope");
        assertThatThrownBy(() -> suite.select(new TestSelection(null, List.of("slow &"), null))
                        .tests())
                .hasMessageStartingWith("a tag expression is malformed: ");
    }
}
