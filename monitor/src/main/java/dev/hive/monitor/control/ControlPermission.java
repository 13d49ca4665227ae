package dev.hive.monitor.control;

import dev.hive.rack.model.SlotAddress;

/**
 * Who may control which target: admins ({@link #ADMINS}), and the holder of the target's open lease ({@link
 * #adminsOrHolder}), given to {@link TargetControl} by the composition root.
 */
@FunctionalInterface
public interface ControlPermission {

    boolean allows(Caller caller, SlotAddress slot);

    /** Admins may control every target; nobody else any. */
    ControlPermission ADMINS = (caller, slot) -> caller.admin();

    /** Admins, and whoever {@code holds} says holds an open lease on the slot. */
    static ControlPermission adminsOrHolder(LeaseHolders holds) {
        return (caller, slot) -> caller.admin() || holds.holds(slot, caller.holder());
    }

    /** Whether {@code holder} holds an open lease on {@code slot}. */
    @FunctionalInterface
    interface LeaseHolders {
        boolean holds(SlotAddress slot, String holder);
    }
}
