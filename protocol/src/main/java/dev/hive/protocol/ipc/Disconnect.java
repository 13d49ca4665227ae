package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The runner asks the monitor to disconnect {@code channel} from whatever target it reaches, freeing that
 * target's stack for other channels. The monitor answers with a {@link Connected} carrying the same request
 * id.
 *
 * @param requestId chosen by the runner, unique within the run
 * @param channel the testchannel, from 0
 */
public record Disconnect(@Required long requestId, @Required int channel) implements IpcMessage {

    public Disconnect {
        Fields.nonNegative(channel, "channel");
    }
}
