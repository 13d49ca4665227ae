package dev.hive.monitor.web;

import dev.hive.monitor.task.RunRefusedException;
import dev.hive.protocol.run.RunOptions;

/** Stops a run that the task runner has already taken from the queue, and says which runs can be served. */
@FunctionalInterface
public interface RunControl {

    /** Asks the task runner to cancel {@code runId}; false when it is not running that run. */
    boolean cancel(long runId);

    /**
     * Checks, before a run is stored, that it can be served at all; the rack's own task runner admits every
     * run but one pinned to a rack of a fleet ({@code rack}: only a front has racks). Called on a worker thread (it
     * may ask the fleet's hub).
     *
     * @throws RunRefusedException when the run cannot be served
     */
    default void admit(RunOptions options) {
        if (options.rack() != null) {
            throw new RunRefusedException(
                    422,
                    "this monitor is not a fleet front: 'rack' (" + options.rack()
                            + ") pins a run to one rack of a fleet and is only taken by the fleet's front"
                            + " (docs/fleet.md)",
                    java.util.List.of());
        }
    }
}
