package dev.hive.monitor.lease;

/** How a lease ended. */
public enum LeaseEnd {
    /** Its holder released it. */
    RELEASED,
    /** The monitor's clock reached its end. */
    EXPIRED,
    /** No stream was attached to it for the configured idle time. */
    IDLE,
    /** An admin ended it. */
    ADMIN,
    /** The monitor stopped (or found it open at start, left by a previous process). */
    MONITOR_STOPPED,
    /**
     * A pending lease (asked for with {@code wait} during a run) could not be granted when the run ended: its target
     * was leased meanwhile or left the pool; {@link Lease#endMessage()} says why.
     */
    REFUSED
}
