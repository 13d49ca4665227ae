package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The runner's first message.
 *
 * @param protocolVersion the protocol version the runner speaks
 * @param runId the run id the monitor gave the runner on its command line
 * @param runnerVersion the runner's own version, for the logs
 */
public record Hello(@Required int protocolVersion, @Required String runId, @Required String runnerVersion)
        implements IpcMessage {

    public Hello {
        Fields.positive(protocolVersion, "protocolVersion");
        Fields.required(runId, "runId");
        Fields.required(runnerVersion, "runnerVersion");
    }

    /** A hello in this protocol version, {@link IpcLimits#PROTOCOL_VERSION}. */
    public static Hello of(String runId, String runnerVersion) {
        return new Hello(IpcLimits.PROTOCOL_VERSION, runId, runnerVersion);
    }
}
