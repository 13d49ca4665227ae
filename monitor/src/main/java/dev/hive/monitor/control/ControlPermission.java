package dev.hive.monitor.control;

import dev.hive.rack.model.SlotAddress;

/**
 * Who may control which target. Today admins only ({@link #ADMINS}); leases add their holder: {@code (caller,
 * slot) -> caller.admin() || leases.heldBy(slot, caller)}, given to {@link TargetControl} by the composition root.
 */
@FunctionalInterface
public interface ControlPermission {

    boolean allows(Caller caller, SlotAddress slot);

    /** Admins may control every target; nobody else any. */
    ControlPermission ADMINS = (caller, slot) -> caller.admin();
}
