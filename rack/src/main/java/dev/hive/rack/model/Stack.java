package dev.hive.rack.model;

import java.util.List;
import java.util.Objects;

/**
 * A group of target slots behind one bus switch. At most one testchannel is connected to a stack at a time.
 *
 * @param index position of the stack on the rack, from 0
 * @param name a name for people, e.g. {@code stack-a}
 * @param slots the slots, in position order
 */
public record Stack(int index, String name, List<TargetSlot> slots) {

    public Stack {
        Objects.requireNonNull(name, "name");
        slots = List.copyOf(slots);
    }
}
