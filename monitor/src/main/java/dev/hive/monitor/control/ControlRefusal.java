package dev.hive.monitor.control;

/** An operation that is not started, with the reason; nothing changed. */
public final class ControlRefusal extends RuntimeException {

    /** Why: each maps to one HTTP status and one GraphQL error code. */
    public enum Reason {
        /** The caller may not control this target (403). */
        FORBIDDEN,
        /** No such slot, or no target in it (404). */
        NO_TARGET,
        /** A run is using the rack (409). */
        BUSY,
        /** The request itself is wrong, e.g. an empty ELF (400). */
        BAD_INPUT
    }

    private final Reason reason;

    public ControlRefusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
