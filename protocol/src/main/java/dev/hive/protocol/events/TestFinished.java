package dev.hive.protocol.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * A test ended on a cell; the monitor has stored the result already.
 *
 * @param rack the rack that ran the test, when the run went through a fleet's front (the rack's id, as
 *     {@code rack} in {@code GET /api/v1/runs/{id}}); null (and absent from the JSON) on a single monitor
 */
public record TestFinished(
        @Required long runId, @Required TestResult result, @JsonInclude(JsonInclude.Include.NON_NULL) String rack)
        implements RunEvent {

    public TestFinished {
        Fields.required(result, "result");
    }

    /** A result of a run on this monitor's own rack. */
    public TestFinished(long runId, TestResult result) {
        this(runId, result, null);
    }
}
