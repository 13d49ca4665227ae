package dev.hive.runner.suite;

import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.trace.StartTrace;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Listens to one execution of the suite on one cell and streams a result per test as it happens. Every test
 * the plan holds gets exactly one result: when a whole class is skipped (a class contract) or fails before its
 * tests ran ({@code @BeforeAll}), each of its tests is reported with the class's reason. Once the run is
 * stopping, tests that start are no longer reported.
 */
final class ResultReporter implements TestExecutionListener {

    /** The method name of a result that stands for a whole class rather than one method. */
    static final String CLASS_LEVEL = "(class)";

    private final Cell cell;
    private final ResultSink sink;
    private final TargetWatch watch;
    private final Clock clock;
    private final Map<String, Started> running = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final Set<String> suppressed = new HashSet<>();
    private final Map<String, OutputRecorder> recorders = new ConcurrentHashMap<>();
    private TestPlan plan;

    private record Started(Instant at, long nanos) {}

    ResultReporter(Cell cell, ResultSink sink, TargetWatch watch, Clock clock) {
        this.cell = cell;
        this.sink = sink;
        this.watch = watch;
        this.clock = clock;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (!id.isTest()) {
            return;
        }
        if (watch.stopReason().isPresent()) {
            suppressed.add(id.getUniqueId());
            return;
        }
        var started = new Started(clock.instant(), System.nanoTime());
        running.put(id.getUniqueId(), started);
        recorders.put(id.getUniqueId(), OutputRouter.start());
        StartTrace.mark(StartTrace.Step.FIRST_TEST_STARTED);
        sink.started(new TestStarted(id.getUniqueId(), displayName(id), cell, started.at()));
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (watch.stopReason().isPresent()) {
            return;
        }
        String why = reason == null || reason.isBlank() ? "skipped" : reason;
        for (TestIdentifier test : testsUnder(id)) {
            report(test, TestStatus.SKIPPED, why, Optional.empty(), clock.instant(), 0);
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        OutputRecorder recorder = recorders.get(id.getUniqueId());
        if (recorder != null) {
            recorder.publish(entry.getKeyValuePairs());
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            finishTest(id, result);
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            finishFailedContainer(id, result);
        }
    }

    private void finishTest(TestIdentifier id, TestExecutionResult result) {
        if (suppressed.remove(id.getUniqueId())) {
            return;
        }
        Started started = running.remove(id.getUniqueId());
        long millis = started == null ? 0 : (System.nanoTime() - started.nanos()) / 1_000_000;
        Instant at = started == null ? clock.instant() : started.at();
        Optional<Throwable> thrown = result.getThrowable();
        TestStatus status =
                switch (result.getStatus()) {
                    case SUCCESSFUL -> TestStatus.PASSED;
                    case ABORTED -> TestStatus.SKIPPED;
                    case FAILED -> thrown.map(Failures::statusOf).orElse(TestStatus.FAILED);
                };
        report(id, status, thrown, at, millis);
    }

    /**
     * A class or a parameterized test failed or was aborted as a whole: its tests that never got a result get
     * the container's; if all had one (an {@code @AfterAll} failed), the container gets a result of its own.
     */
    private void finishFailedContainer(TestIdentifier id, TestExecutionResult result) {
        if (watch.stopReason().isPresent() && result.getStatus() == TestExecutionResult.Status.ABORTED) {
            return;
        }
        Optional<Throwable> thrown = result.getThrowable();
        TestStatus status = result.getStatus() == TestExecutionResult.Status.ABORTED
                ? TestStatus.SKIPPED
                : thrown.map(Failures::statusOf).orElse(TestStatus.FAILED);
        List<TestIdentifier> missing = testsUnder(id).stream()
                .filter(t -> !reported.contains(t.getUniqueId()))
                .toList();
        if (missing.isEmpty() && status != TestStatus.SKIPPED) {
            report(id, status, thrown, clock.instant(), 0);
        }
        for (TestIdentifier test : missing) {
            report(test, status, thrown, clock.instant(), 0);
        }
    }

    /**
     * What gets a result when {@code id} is skipped or fails as a whole: the tests under it, and the
     * parameterized or repeated tests under it whose invocations are not known yet; {@code id} itself when it
     * holds none.
     */
    private List<TestIdentifier> testsUnder(TestIdentifier id) {
        if (id.isTest() || plan == null) {
            return List.of(id);
        }
        List<TestIdentifier> tests = plan.getDescendants(id).stream()
                .filter(d -> isResultLeaf(plan, d))
                .toList();
        return tests.isEmpty() ? List.of(id) : tests;
    }

    /** A test, or a test template (a method container) that has no invocations yet. */
    static boolean isResultLeaf(TestPlan plan, TestIdentifier id) {
        return id.isTest()
                || (id.getSource().filter(MethodSource.class::isInstance).isPresent()
                        && plan.getChildren(id).isEmpty());
    }

    private void report(TestIdentifier id, TestStatus status, Optional<Throwable> thrown, Instant at, long millis) {
        report(id, status, thrown.map(Failures::message).orElse(null), thrown, at, millis);
    }

    private void report(
            TestIdentifier id, TestStatus status, String message, Optional<Throwable> thrown, Instant at, long millis) {
        if (!reported.add(id.getUniqueId())) {
            return;
        }
        OutputRecorder recorder = recorders.remove(id.getUniqueId());
        if (recorder != null) {
            OutputRouter.attach(null);
        }
        String stackTrace = traceOf(status, thrown);
        sink.finished(new TestResult(
                id.getUniqueId(),
                displayName(id),
                className(id),
                methodName(id),
                cell,
                status,
                message,
                stackTrace,
                at,
                millis,
                Failures.typeOf(status, thrown),
                recorder == null ? null : recorder.finish()));
    }

    private static String traceOf(TestStatus status, Optional<Throwable> thrown) {
        if (status == TestStatus.SKIPPED || status == TestStatus.PASSED) {
            return null;
        }
        return thrown.filter(t -> !(t instanceof TargetLostException))
                .map(Failures::stackTrace)
                .orElse(null);
    }

    /** The display name, prefixed with the method's for an invocation of a parameterized or repeated test. */
    private String displayName(TestIdentifier id) {
        Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(id);
        if (parent.isPresent()
                && parent.get()
                        .getSource()
                        .filter(MethodSource.class::isInstance)
                        .isPresent()) {
            return parent.get().getDisplayName() + " " + id.getDisplayName();
        }
        return id.getDisplayName();
    }

    static String className(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return method.getClassName();
        }
        if (source instanceof ClassSource type) {
            return type.getClassName();
        }
        return id.getLegacyReportingName();
    }

    static String methodName(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return method.getMethodName();
        }
        return source instanceof ClassSource ? CLASS_LEVEL : id.getDisplayName();
    }
}
