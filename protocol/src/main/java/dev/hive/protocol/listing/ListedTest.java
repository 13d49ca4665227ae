package dev.hive.protocol.listing;

import dev.hive.protocol.wire.Fields;
import java.util.List;

/**
 * A hive test the runner would run on every probe × target it may use. A parameterized, repeated or factory test
 * is one entry: its invocations are only known when it runs.
 *
 * @param testId JUnit's unique id of the test
 * @param className the class that declares it
 * @param methodName its method
 * @param displayPath the display names from the top-level class down to the test ({@code @Nested} classes between)
 * @param tags its JUnit tags, including those of its classes, sorted
 */
public record ListedTest(
        String testId, String className, String methodName, List<String> displayPath, List<String> tags)
        implements ListingLine {

    public ListedTest {
        Fields.required(testId, "testId");
        Fields.required(className, "className");
        Fields.required(methodName, "methodName");
        displayPath = Fields.list(displayPath, "displayPath");
        tags = Fields.list(tags, "tags");
    }
}
