package dev.hive.runner.listing;

import dev.hive.protocol.listing.ListingProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryListener;

/**
 * The problems JUnit itself finds while it discovers the hive tests, at warning level or above: a test method that
 * returns a value, is private or static, a {@code @Nested} class that is static, and the like. JUnit would skip such
 * a test silently on the rack; the list mode names it instead.
 */
final class DiscoveryIssues implements LauncherDiscoveryListener {

    private final List<ListingProblem> problems = new ArrayList<>();

    @Override
    public synchronized void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
        if (issue.severity().compareTo(DiscoveryIssue.Severity.WARNING) < 0) {
            return;
        }
        TestSource source = issue.source().orElse(null);
        if (source instanceof MethodSource method) {
            problems.add(new ListingProblem(
                    file(method.getClassName()), method.getClassName(), method.getMethodName(), issue.message()));
        } else if (source instanceof ClassSource type) {
            problems.add(new ListingProblem(file(type.getClassName()), type.getClassName(), null, issue.message()));
        } else {
            problems.add(new ListingProblem(null, null, null, issue.message()));
        }
    }

    /** What was found so far. */
    synchronized List<ListingProblem> problems() {
        return List.copyOf(problems);
    }

    private static String file(String className) {
        int nested = className.indexOf('$');
        return (nested < 0 ? className : className.substring(0, nested)).replace('.', '/') + ".java";
    }
}
