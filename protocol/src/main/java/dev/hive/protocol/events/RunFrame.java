package dev.hive.protocol.events;

import dev.hive.protocol.wire.Fields;

/**
 * One text frame of a run's WebSocket: an event and its sequence number. The monitor numbers a run's events 1, 2,
 * 3 ... in the order it sends them; a client that lost its socket re-attaches after the last {@code seq} it saw
 * (docs/api.md). The number is a field of the frame's JSON object next to {@code type}, so a client that does not
 * know it ignores it.
 *
 * @param seq the event's number within its run, from 1; 0 when the frame had none (a monitor before sequence numbers)
 */
public record RunFrame(long seq, RunEvent event) {

    /** The name of the JSON field that holds the sequence number. */
    public static final String SEQ_FIELD = "seq";

    public RunFrame {
        Fields.nonNegative(seq, SEQ_FIELD);
        Fields.required(event, "event");
    }
}
