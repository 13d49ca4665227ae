package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The runner cannot go on; it exits with a non-zero code after this message.
 *
 * @param kind what went wrong
 * @param message why, in a sentence for the user
 */
public record RunFailed(@Required Kind kind, @Required String message) implements IpcMessage {

    /** What went wrong. */
    public enum Kind {
        /** A probe the monitor lists is not reachable from the runner (exit code 4). */
        DESYNC,
        /** The monitor broke the protocol (exit code 3). */
        PROTOCOL,
        /** The runner itself failed (exit code 5). */
        INTERNAL
    }

    public RunFailed {
        Fields.required(kind, "kind");
        Fields.required(message, "message");
    }
}
