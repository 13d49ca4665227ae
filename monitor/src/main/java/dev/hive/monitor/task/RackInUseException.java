package dev.hive.monitor.task;

import java.util.Optional;

/** Work that needs the rack to itself was refused because a run is using it. */
public final class RackInUseException extends RuntimeException {

    private final transient Optional<Long> runId;

    RackInUseException(Optional<Long> runId) {
        super(
                runId.map(id -> "run " + id + " is using the rack").orElse("a run is starting on the rack")
                        + "; try again when it has ended",
                null,
                false,
                false);
        this.runId = runId;
    }

    /** The run using the rack, when it had started. */
    public Optional<Long> runId() {
        return runId;
    }
}
