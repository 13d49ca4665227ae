package dev.hive.monitor.lease;

/** Puts a leased target back as batch runs expect it: disconnected from its channel and reflashed. */
public interface TargetRestore {

    /** Restores {@code lease}'s target; answers whether the reflash succeeded (a failure is logged by it). */
    boolean restore(Lease lease);
}
