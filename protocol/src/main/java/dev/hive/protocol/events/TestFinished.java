package dev.hive.protocol.events;

import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/** A test ended on a cell; the monitor has stored the result already. */
public record TestFinished(@Required long runId, @Required TestResult result) implements RunEvent {

    public TestFinished {
        Fields.required(result, "result");
    }
}
