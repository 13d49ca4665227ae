package dev.hive.runner.listing;

import dev.hive.protocol.listing.ListedTest;
import dev.hive.protocol.listing.ListingProblem;
import dev.hive.runner.suite.HiveLauncher;
import dev.hive.runner.suite.Suite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The tests a suite would run, as JUnit discovers them with the suite's selection, and the problems of their
 * parameters ({@link ParameterCheck}) and those JUnit reports while discovering ({@link DiscoveryIssues}). A parameterized, repeated or factory test is one entry.
 *
 * @param tests the tests in execution order
 * @param problems what would keep some of them from running
 */
record TestListing(List<ListedTest> tests, List<ListingProblem> problems) {

    /** Discovers {@code suite}; a selection naming what is not there throws {@code SelectionException}. */
    static TestListing of(Suite suite) {
        var tests = new ArrayList<ListedTest>();
        var problems = new ArrayList<ListingProblem>();
        var issues = new DiscoveryIssues();
        try (var session = HiveLauncher.openSession(issues)) {
            TestPlan plan = session.getLauncher().discover(suite.request());
            for (TestIdentifier root : plan.getRoots()) {
                collect(plan, root, tests, problems);
            }
        }
        problems.addAll(issues.problems());
        return new TestListing(List.copyOf(tests), List.copyOf(problems));
    }

    private static void collect(
            TestPlan plan, TestIdentifier id, List<ListedTest> tests, List<ListingProblem> problems) {
        Optional<MethodSource> method =
                id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        if (method.isPresent()) {
            MethodSource source = method.get();
            tests.add(new ListedTest(
                    id.getUniqueId(),
                    source.getClassName(),
                    source.getMethodName(),
                    displayPath(plan, id),
                    id.getTags().stream().map(TestTag::getName).sorted().toList()));
            problems.addAll(ParameterCheck.problems(source.getJavaClass(), source.getJavaMethod()));
            return;
        }
        for (TestIdentifier child : plan.getChildren(id)) {
            collect(plan, child, tests, problems);
        }
    }

    /** The display names from below the engine down to {@code id}. */
    private static List<String> displayPath(TestPlan plan, TestIdentifier id) {
        var names = new ArrayList<String>();
        for (Optional<TestIdentifier> at = Optional.of(id);
                at.isPresent() && at.get().getParentIdObject().isPresent();
                at = plan.getParent(at.get())) {
            names.add(at.get().getDisplayName());
        }
        Collections.reverse(names);
        return names;
    }
}
