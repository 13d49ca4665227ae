package dev.hive.example.rsp;

/** What the session believes the target is doing. */
public enum TargetState {
    /** Stopped; memory, registers and breakpoints can be accessed. */
    HALTED,
    /** Resumed; only {@code halt}, {@code waitForStop} and {@code close} are allowed. */
    RUNNING,
    /** The stub reported {@code W} or {@code X}: the process is gone. */
    EXITED,
    /** Not known yet (the stub did not answer {@code ?} with a stop reply). */
    UNKNOWN
}
