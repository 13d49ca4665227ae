package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The monitor's answer to a {@link Hello} it does not accept (another protocol version, a wrong run id);
 * the monitor closes the socket after it.
 *
 * @param protocolVersion the protocol version the monitor speaks
 * @param reason why, in a sentence the runner prints on stderr
 */
public record Refused(@Required int protocolVersion, @Required String reason) implements IpcMessage {

    public Refused {
        Fields.positive(protocolVersion, "protocolVersion");
        Fields.required(reason, "reason");
    }

    /** A refusal in this protocol version, {@link IpcLimits#PROTOCOL_VERSION}. */
    public static Refused of(String reason) {
        return new Refused(IpcLimits.PROTOCOL_VERSION, reason);
    }
}
