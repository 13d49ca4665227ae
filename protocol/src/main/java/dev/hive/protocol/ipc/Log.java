package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * A log line of the runner, kept with the run and shown live.
 *
 * @param level how important it is
 * @param channel the testchannel it concerns, or null when it concerns the whole run
 * @param message the text
 */
public record Log(@Required Level level, Integer channel, @Required String message) implements IpcMessage {

    /** How important a log line is. */
    public enum Level {
        ERROR,
        WARN,
        INFO,
        DEBUG
    }

    public Log {
        Fields.required(level, "level");
        if (channel != null) {
            Fields.nonNegative(channel, "channel");
        }
        Fields.required(message, "message");
    }
}
