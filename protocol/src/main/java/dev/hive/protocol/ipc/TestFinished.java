package dev.hive.protocol.ipc;

import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * A test ended on a cell; sent as soon as it ends.
 *
 * @param result how it ended
 */
public record TestFinished(@Required TestResult result) implements IpcMessage {

    public TestFinished {
        Fields.required(result, "result");
    }
}
