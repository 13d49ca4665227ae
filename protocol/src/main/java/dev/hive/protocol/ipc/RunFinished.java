package dev.hive.protocol.ipc;

import dev.hive.protocol.run.Summary;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The runner's last message of a run that completed or was cancelled; it closes the socket and exits 0.
 *
 * @param summary the counts of the results it sent
 */
public record RunFinished(@Required Summary summary) implements IpcMessage {

    public RunFinished {
        Fields.required(summary, "summary");
    }
}
