package dev.hive.rack.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One position on a stack.
 *
 * @param address the stack and position
 * @param state whether a known target, an unknown one or nothing sits here
 * @param target the target when the state is {@link TargetState#KNOWN}, otherwise null
 */
public record TargetSlot(SlotAddress address, TargetState state, TargetInfo target) {

    public TargetSlot {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        if ((state == TargetState.KNOWN) != (target != null)) {
            throw new IllegalArgumentException(
                    "slot " + address + ": a target is given exactly when the state is KNOWN");
        }
    }

    public static TargetSlot known(SlotAddress address, TargetInfo target) {
        return new TargetSlot(address, TargetState.KNOWN, target);
    }

    public static TargetSlot empty(SlotAddress address) {
        return new TargetSlot(address, TargetState.NOT_CONNECTED, null);
    }

    public Optional<TargetInfo> knownTarget() {
        return Optional.ofNullable(target);
    }
}
