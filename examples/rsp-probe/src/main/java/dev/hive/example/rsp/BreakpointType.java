package dev.hive.example.rsp;

/** The breakpoint and watchpoint types of the {@code Z}/{@code z} packets. */
public enum BreakpointType {
    /** {@code Z0}: software breakpoint (the stub patches or emulates an instruction). */
    SOFTWARE(0),
    /** {@code Z1}: hardware breakpoint. */
    HARDWARE(1),
    /** {@code Z2}: write watchpoint. */
    WRITE_WATCHPOINT(2),
    /** {@code Z3}: read watchpoint. */
    READ_WATCHPOINT(3),
    /** {@code Z4}: access (read or write) watchpoint. */
    ACCESS_WATCHPOINT(4);

    private final int code;

    BreakpointType(int code) {
        this.code = code;
    }

    /** The number after {@code Z} / {@code z}. */
    public int code() {
        return code;
    }

    /** Whether this is one of the watchpoint types. */
    public boolean isWatchpoint() {
        return code >= 2;
    }
}
