package dev.hive.rack.model;

import java.util.Optional;

/**
 * One probe slot of the rack.
 *
 * @param index the channel number, from 0
 * @param probe the probe in this channel, null when none is there
 * @param uartEndpoint where the UART of the connected target is reached, null when the rack has none
 */
public record Testchannel(int index, ProbeInfo probe, String uartEndpoint) {

    public Optional<ProbeInfo> probeInfo() {
        return Optional.ofNullable(probe);
    }

    public Optional<String> uart() {
        return Optional.ofNullable(uartEndpoint);
    }
}
