package dev.hive.protocol.rack;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;
import java.util.Optional;

/**
 * One testchannel of the rack.
 *
 * @param index the channel number, from 0
 * @param probe the probe in this channel, or null when the channel has none
 * @param uart where the channel's UART is reached ({@code unix:/path} or {@code serial:/dev/ttyUSB0}), or
 *     null when it has none
 */
public record ChannelDescription(@Required int index, ProbeDescription probe, String uart) {

    public ChannelDescription {
        Fields.nonNegative(index, "index");
    }

    /** The probe, if the channel has one. */
    public Optional<ProbeDescription> probeIfPresent() {
        return Optional.ofNullable(probe);
    }
}
