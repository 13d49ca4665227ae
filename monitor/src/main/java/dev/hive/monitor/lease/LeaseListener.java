package dev.hive.monitor.lease;

/** Hears that a lease ended (its streams are closed by the listener the stream feature registers). */
@FunctionalInterface
public interface LeaseListener {

    /** {@code lease} was just granted (its channel is connected to its target). */
    default void started(Lease lease) {}

    /** {@code lease} has just ended ({@link Lease#end()} says how); called before its target is restored. */
    void ended(Lease lease);
}
