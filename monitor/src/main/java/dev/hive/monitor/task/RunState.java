package dev.hive.monitor.task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The life of a run. Stored in lower case. */
public enum RunState {
    QUEUED,
    RUNNING,
    FINISHED,
    CANCELLED,
    INTERRUPTED,
    FAILED;

    /** The states this one may move to; empty for the final states. */
    public Set<RunState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED, INTERRUPTED, FAILED);
            case RUNNING -> EnumSet.of(FINISHED, CANCELLED, INTERRUPTED, FAILED);
            case FINISHED, CANCELLED, INTERRUPTED, FAILED -> EnumSet.noneOf(RunState.class);
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** The stored spelling, e.g. {@code queued}. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
