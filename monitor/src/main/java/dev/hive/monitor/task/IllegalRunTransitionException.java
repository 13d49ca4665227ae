package dev.hive.monitor.task;

/** A run was asked to change into a state it cannot reach from where it is. */
public final class IllegalRunTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public IllegalRunTransitionException(long runId, RunState from, RunState to) {
        super("run " + runId + " cannot go from " + from.dbName() + " to " + to.dbName() + " (from "
                + from.dbName() + " it may go to: "
                + (from.next().isEmpty()
                        ? "nothing, it is final"
                        : String.join(
                                ", ", from.next().stream().map(RunState::dbName).toList()))
                + ")");
    }
}
