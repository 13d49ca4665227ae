package dev.hive.protocol.ipc;

import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The monitor's answer to a {@link Hello} it accepts: the rack the runner may use and the run's options.
 *
 * @param protocolVersion the protocol version the monitor speaks
 * @param rack the rack, which the runner checks against the probes it can see
 * @param options the run's filters and timeouts
 */
public record Welcome(@Required int protocolVersion, @Required RackDescription rack, @Required RunOptions options)
        implements IpcMessage {

    public Welcome {
        Fields.positive(protocolVersion, "protocolVersion");
        Fields.required(rack, "rack");
        Fields.required(options, "options");
    }

    /** A welcome in this protocol version, {@link IpcLimits#PROTOCOL_VERSION}. */
    public static Welcome of(RackDescription rack, RunOptions options) {
        return new Welcome(IpcLimits.PROTOCOL_VERSION, rack, options);
    }
}
