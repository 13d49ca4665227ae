package dev.hive.monitor.web;

import dev.hive.protocol.run.RunOptions;

/** Stops a run that the task runner has already taken from the queue, and says which runs can be served. */
@FunctionalInterface
public interface RunControl {

    /** Asks the task runner to cancel {@code runId}; false when it is not running that run. */
    boolean cancel(long runId);

    /**
     * Checks, before a run is stored, that it can be served at all; the rack's own task runner admits every
     * run. Called on a worker thread (it may ask the fleet's hub).
     *
     * @throws dev.hive.monitor.task.RunRefusedException when the run cannot be served
     */
    default void admit(RunOptions options) {}
}
