package dev.hive.runner.suite;

import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestSelection;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.trace.StartTrace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The hive tests of this runner: a fixed list of classes, narrowed by a {@link TestSelection}, run through the JUnit Platform Launcher with the
 * Jupiter engine in a deterministic order ({@link HiveMethodOrderer}, {@link HiveClassOrderer}). JUnit's own
 * timeout handling is switched off: {@link TestGuard} applies the limits, so that a hanging test cannot hang
 * the run.
 */
public final class Suite {

    /** The configuration every execution gets, whatever the classpath's {@code junit-platform.properties} says. */
    static final Map<String, String> CONFIGURATION = Map.of(
            "junit.jupiter.testmethod.order.default", HiveMethodOrderer.class.getName(),
            "junit.jupiter.testclass.order.default", HiveClassOrderer.class.getName(),
            "junit.jupiter.execution.timeout.mode", "disabled",
            "junit.jupiter.execution.parallel.enabled", "false",
            "junit.jupiter.extensions.autodetection.enabled", "false");

    private final List<String> classNames;
    private final TestSelection selection;
    private final ClassLoader loader;
    private final Clock clock;
    private List<TestIdentifier> tests;
    private TestPlan unexecuted;

    public Suite(List<String> classNames, Clock clock) {
        this(classNames, TestSelection.ALL, clock);
    }

    public Suite(List<String> classNames, TestSelection selection, Clock clock) {
        this(classNames, selection, Suite.class.getClassLoader(), clock);
    }

    /**
     * @param loader where the hive test classes are loaded from: the runner's own loader, or a pre-started
     *     runner's loader of the candidate's JAR ({@code dev.hive.runner.prestart})
     */
    public Suite(List<String> classNames, TestSelection selection, ClassLoader loader, Clock clock) {
        this.classNames = List.copyOf(classNames);
        this.selection = selection;
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = clock;
    }

    /**
     * The same classes with {@code selection} applied: this suite itself when the selection is its own (the usual
     * run, with no selection), so that the discovery the runner made while it greeted the monitor is not made again.
     */
    public Suite select(TestSelection selection) {
        return Objects.equals(selection, this.selection) ? this : new Suite(classNames, selection, loader, clock);
    }

    /**
     * The discovery request of the selected tests.
     *
     * @throws SelectionException if the selection names what this runner does not hold
     */
    public LauncherDiscoveryRequest request() {
        var request = LauncherDiscoveryRequestBuilder.request()
                .configurationParameters(CONFIGURATION)
                .selectors(new SuiteSelection(classNames, loader).selectors(selection));
        SuiteSelection.filters(selection).forEach(request::filters);
        return request.build();
    }

    Clock clock() {
        return clock;
    }

    /** Opens the suite for one channel: a launcher session and the worker threads its tests run on. */
    public ChannelSuite open(String channelName, long defaultLimitMillis) {
        return new ChannelSuite(this, channelName, defaultLimitMillis);
    }

    /**
     * Gives every test of the suite one result with {@code status} on {@code cell} without running anything:
     * for a target that cannot be used at all (not flashed, cannot be connected).
     */
    public void reportAll(Cell cell, TestStatus status, String message, ResultSink sink) {
        for (TestIdentifier test : tests()) {
            sink.finished(new TestResult(
                    test.getUniqueId(),
                    test.getDisplayName(),
                    ResultReporter.className(test),
                    ResultReporter.methodName(test),
                    cell,
                    status,
                    message,
                    null,
                    clock.instant(),
                    0));
        }
    }

    /**
     * The tests (and parameterized tests, as one each) of the suite, in execution order; a {@link
     * SelectionException} if the selection names what this runner does not hold. Discovered once; the
     * first call also loads JUnit and the hive test classes, so the runner makes it early, in the background,
     * while it greets the monitor.
     */
    public synchronized List<TestIdentifier> tests() {
        if (tests == null) {
            try (var session = HiveLauncher.openSession()) {
                TestPlan plan = session.getLauncher().discover(request());
                var found = new ArrayList<TestIdentifier>();
                for (TestIdentifier root : plan.getRoots()) {
                    collect(plan, root, found);
                }
                tests = List.copyOf(found);
                unexecuted = plan;
                StartTrace.mark(StartTrace.Step.DISCOVERED);
            }
        }
        return tests;
    }

    /**
     * A test plan of the suite for one execution by {@code launcher}: the plan {@link #tests()} discovered, the
     * first time (a plan runs once, and it is not run by {@code tests()}), so that the run's first target does not
     * wait for a second discovery; a new discovery by {@code launcher} after that. Both come from the same request.
     * The discovery runs outside the suite's lock: the channels discover at the same time.
     */
    TestPlan planFor(Launcher launcher) {
        synchronized (this) {
            TestPlan plan = unexecuted;
            if (plan != null) {
                unexecuted = null;
                return plan;
            }
        }
        return launcher.discover(request());
    }

    private static void collect(TestPlan plan, TestIdentifier id, List<TestIdentifier> into) {
        if (ResultReporter.isResultLeaf(plan, id)) {
            into.add(id);
            return;
        }
        for (TestIdentifier child : plan.getChildren(id)) {
            collect(plan, child, into);
        }
    }
}
