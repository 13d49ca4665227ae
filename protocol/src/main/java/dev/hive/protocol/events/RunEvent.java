package dev.hive.protocol.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One text frame on a run's WebSocket: a JSON object whose {@code type} field names the record. Every event
 * names its run.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = RunEvent.TYPE_FIELD)
@JsonSubTypes({
    @JsonSubTypes.Type(value = Queued.class, name = "queued"),
    @JsonSubTypes.Type(value = PhaseChanged.class, name = "phase"),
    @JsonSubTypes.Type(value = TestStarted.class, name = "testStarted"),
    @JsonSubTypes.Type(value = TestFinished.class, name = "testFinished"),
    @JsonSubTypes.Type(value = LogLine.class, name = "log"),
    @JsonSubTypes.Type(value = RunEnded.class, name = "ended")
})
public sealed interface RunEvent permits Queued, PhaseChanged, TestStarted, TestFinished, LogLine, RunEnded {

    /** The name of the JSON field that holds the event type. */
    String TYPE_FIELD = "type";

    /** The run the event is about. */
    long runId();
}
