package dev.hive.monitor.control;

/** The life of an operation: power and reset end at once; a flash is queued, then runs. */
public enum OperationState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
