package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The runner asks the monitor to switch the bus so that {@code channel} reaches the target in {@code slot} of
 * {@code stack}. The monitor answers with a {@link Connected} carrying the same request id.
 *
 * @param requestId chosen by the runner, unique within the run; pairs the answer with the request
 * @param channel the testchannel, from 0
 * @param stack the stack, from 0
 * @param slot the slot on that stack, from 0
 */
public record Connect(@Required long requestId, @Required int channel, @Required int stack, @Required int slot)
        implements IpcMessage {

    public Connect {
        Fields.nonNegative(channel, "channel");
        Fields.nonNegative(stack, "stack");
        Fields.nonNegative(slot, "slot");
    }
}
