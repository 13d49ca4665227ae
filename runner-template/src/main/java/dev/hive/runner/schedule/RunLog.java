package dev.hive.runner.schedule;

import dev.hive.protocol.ipc.Log;

/** Log lines for the monitor's run log. Never throws: a log line that cannot be sent is dropped. */
@FunctionalInterface
public interface RunLog {

    /** Logs {@code message}; {@code channel} is null for lines about the whole run. */
    void log(Log.Level level, Integer channel, String message);
}
