package dev.hive.monitor.web;

/** Stops a run that the task runner has already taken from the queue. */
@FunctionalInterface
public interface RunControl {

    /** Asks the task runner to cancel {@code runId}; false when it is not running that run. */
    boolean cancel(long runId);
}
