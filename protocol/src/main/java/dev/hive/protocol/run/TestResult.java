package dev.hive.protocol.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.IsoInstant;
import dev.hive.protocol.wire.Required;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * How one test ended on one cell.
 *
 * @param testId the test's unique id within the suite, e.g. {@code [engine:junit-jupiter]/[class:…]/[method:…]}
 * @param displayName the name to show
 * @param className the test class
 * @param methodName the test method
 * @param cell where it ran
 * @param status how it ended
 * @param message the failure message, the skip reason or the infrastructure error; null when there is none
 * @param stackTrace the stack trace of a failure or error, or null
 * @param startedAt when it started
 * @param durationMillis how long it took, zero or more
 * @param failureType the class of what a failed or erroneous test threw (a Java binary name, at most
 *     {@value #MAX_FAILURE_TYPE_CHARS} characters), or null
 * @param output what the test printed and reported, or null when it said nothing
 */
public record TestResult(
        @Required String testId,
        @Required String displayName,
        @Required String className,
        @Required String methodName,
        @Required Cell cell,
        @Required TestStatus status,
        String message,
        String stackTrace,
        @Required
                @JsonSerialize(using = IsoInstant.Serializer.class)
                @JsonDeserialize(using = IsoInstant.Deserializer.class)
                Instant startedAt,
        @Required long durationMillis,
        String failureType,
        TestOutput output) {

    /** The longest {@code failureType}. */
    public static final int MAX_FAILURE_TYPE_CHARS = 512;

    private static final Pattern BINARY_NAME = Pattern.compile("[\\p{L}\\p{N}_$]+(\\.[\\p{L}\\p{N}_$]+)*");

    @JsonCreator
    public TestResult {
        Fields.required(testId, "testId");
        Fields.required(displayName, "displayName");
        Fields.required(className, "className");
        Fields.required(methodName, "methodName");
        Fields.required(cell, "cell");
        Fields.required(status, "status");
        Fields.required(startedAt, "startedAt");
        Fields.nonNegative(durationMillis, "durationMillis");
        if (failureType != null
                && (failureType.length() > MAX_FAILURE_TYPE_CHARS
                        || !BINARY_NAME.matcher(failureType).matches())) {
            throw new IllegalArgumentException(
                    "failureType must be a Java class name of at most %d characters".formatted(MAX_FAILURE_TYPE_CHARS));
        }
        if (output != null && output.isEmpty()) {
            output = null;
        }
    }

    /** A result without a failure type and without output. */
    public TestResult(
            String testId,
            String displayName,
            String className,
            String methodName,
            Cell cell,
            TestStatus status,
            String message,
            String stackTrace,
            Instant startedAt,
            long durationMillis) {
        this(
                testId,
                displayName,
                className,
                methodName,
                cell,
                status,
                message,
                stackTrace,
                startedAt,
                durationMillis,
                null,
                null);
    }

    /** This result with {@code failureType} and {@code output}. */
    public TestResult with(String failureType, TestOutput output) {
        return new TestResult(
                testId,
                displayName,
                className,
                methodName,
                cell,
                status,
                message,
                stackTrace,
                startedAt,
                durationMillis,
                failureType,
                output);
    }
}
