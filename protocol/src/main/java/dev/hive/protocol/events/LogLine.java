package dev.hive.protocol.events;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * A log line of the run.
 *
 * @param source {@code monitor} (what the monitor did for the run), {@code runner} (the runner's log
 *     messages), {@code stdout} or {@code stderr} (the runner process's output)
 * @param level {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG} or {@code TRACE}
 */
public record LogLine(@Required long runId, @Required String source, @Required String level, @Required String message)
        implements RunEvent {

    public LogLine {
        Fields.required(source, "source");
        Fields.required(level, "level");
        Fields.required(message, "message");
    }
}
