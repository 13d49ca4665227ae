package dev.hive.rack.model;

/** The live condition of a target, as last observed by its backend. */
public enum TargetHealth {
    /** Powered and answering; the testprogram runs if it was flashed. */
    READY,
    /** Powered off on purpose. */
    POWERED_OFF,
    /** It stopped answering or its process died; the next use tries to bring it back. */
    LOST
}
