package dev.hive.protocol.run;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.IsoInstant;
import dev.hive.protocol.wire.Required;
import java.time.Instant;

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
        @Required long durationMillis) {

    public TestResult {
        Fields.required(testId, "testId");
        Fields.required(displayName, "displayName");
        Fields.required(className, "className");
        Fields.required(methodName, "methodName");
        Fields.required(cell, "cell");
        Fields.required(status, "status");
        Fields.required(startedAt, "startedAt");
        Fields.nonNegative(durationMillis, "durationMillis");
    }
}
