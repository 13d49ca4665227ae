package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The monitor tells the runner that a target died under the run (its process exited, its probe vanished).
 * The test running on it ends as ERROR; the rest of that target's tests are SKIPPED.
 *
 * @param stack the stack of the lost target, from 0
 * @param slot its slot, from 0
 * @param message what happened, for the result
 */
public record TargetLost(@Required int stack, @Required int slot, @Required String message) implements IpcMessage {

    public TargetLost {
        Fields.nonNegative(stack, "stack");
        Fields.nonNegative(slot, "slot");
        Fields.required(message, "message");
    }
}
