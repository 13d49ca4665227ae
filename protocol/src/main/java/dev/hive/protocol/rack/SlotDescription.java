package dev.hive.protocol.rack;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;
import java.util.Optional;

/**
 * One position on a stack.
 *
 * @param slot the position on its stack, from 0
 * @param target the target in it, or null when the slot is empty or holds a target the rack does not know
 */
public record SlotDescription(@Required int slot, TargetDescription target) {

    public SlotDescription {
        Fields.nonNegative(slot, "slot");
    }

    /** The target, if the slot holds a known one. */
    public Optional<TargetDescription> targetIfPresent() {
        return Optional.ofNullable(target);
    }
}
