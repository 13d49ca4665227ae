package dev.hive.protocol.events;

import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/** The run entered {@code phase} on the rack. */
public record PhaseChanged(@Required long runId, @Required RunPhase phase) implements RunEvent {

    public PhaseChanged {
        Fields.required(phase, "phase");
    }
}
