package dev.hive.protocol.events;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The run waits in the queue; sent when the socket opens and whenever the position changes.
 *
 * @param position 1 is next
 */
public record Queued(@Required long runId, @Required int position) implements RunEvent {

    public Queued {
        Fields.nonNegative(position, "position");
    }
}
