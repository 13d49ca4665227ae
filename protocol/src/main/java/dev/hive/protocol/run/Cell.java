package dev.hive.protocol.run;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * Where a test runs: one probe in one channel, connected to one target in one slot of one stack.
 *
 * @param channel the testchannel, from 0
 * @param probe the probe's identifier
 * @param probeSerial the probe's serial number
 * @param stack the stack, from 0
 * @param slot the slot on that stack, from 0
 * @param target the target's catalog name
 */
public record Cell(
        @Required int channel,
        @Required String probe,
        @Required String probeSerial,
        @Required int stack,
        @Required int slot,
        @Required String target) {

    public Cell {
        Fields.nonNegative(channel, "channel");
        Fields.required(probe, "probe");
        Fields.required(probeSerial, "probeSerial");
        Fields.nonNegative(stack, "stack");
        Fields.nonNegative(slot, "slot");
        Fields.required(target, "target");
    }

    @Override
    public String toString() {
        return "%s (%s) on channel %d -> %s at stack %d slot %d"
                .formatted(probe, probeSerial, channel, target, stack, slot);
    }
}
