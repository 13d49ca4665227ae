package dev.hive.protocol.rack;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;
import java.util.List;

/**
 * A group of target slots behind one bus switch; one channel at a time may be connected to it.
 *
 * @param index the stack number, from 0
 * @param name the stack's name in the rack file
 * @param slots its slots, empty ones included
 */
public record StackDescription(@Required int index, @Required String name, @Required List<SlotDescription> slots) {

    public StackDescription {
        Fields.nonNegative(index, "index");
        Fields.required(name, "name");
        slots = Fields.list(slots, "slots");
    }
}
