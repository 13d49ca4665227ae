package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The monitor asks the runner to stop, at any time; the runner stops its tests, sends {@link RunFinished}
 * and exits 0.
 *
 * @param reason why, for the logs
 */
public record Cancel(@Required String reason) implements IpcMessage {

    public Cancel {
        Fields.required(reason, "reason");
    }
}
