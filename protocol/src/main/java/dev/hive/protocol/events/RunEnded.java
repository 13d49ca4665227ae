package dev.hive.protocol.events;

import dev.hive.protocol.run.Summary;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The run ended; the monitor closes the socket after this event.
 *
 * @param state {@code finished}, {@code failed} (an infrastructure error), {@code cancelled} or
 *     {@code interrupted}
 * @param summary the counts of the stored results and the run's duration
 * @param error what went wrong, for a failed, cancelled or interrupted run; null otherwise
 */
public record RunEnded(@Required long runId, @Required String state, @Required Summary summary, String error)
        implements RunEvent {

    public RunEnded {
        Fields.required(state, "state");
        Fields.required(summary, "summary");
    }
}
