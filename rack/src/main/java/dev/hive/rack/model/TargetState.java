package dev.hive.rack.model;

/** What an admin said about a target slot (the original's three states). */
public enum TargetState {
    /** A target from the catalog sits in the slot. */
    KNOWN,
    /** Something may be there, but nobody said what; tests do not use it. */
    UNKNOWN,
    /** The slot is empty. */
    NOT_CONNECTED
}
