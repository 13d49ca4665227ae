package dev.hive.runner.api;

import java.util.Objects;

/**
 * The debug probe of the testchannel a test runs on. Open it with the probe library under test, through
 * {@link #endpoint()}.
 *
 * @param kind the probe family as the rack spells it, e.g. {@code VIRTUAL_GDB} or {@code ST_LINK_V2_1}
 * @param identifier a human-readable name, such as the USB product string
 * @param serial the serial number, which tells identical probes apart
 * @param endpoint where the probe is reached: {@code unix:/path} (a virtual probe speaking GDB's remote
 *     protocol), {@code tcp:host:port}, {@code serial:/dev/ttyACM0} or {@code usb:BUS-PORT}
 */
public record ProbeInfo(String kind, String identifier, String serial, String endpoint) {

    public ProbeInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public String toString() {
        return identifier + " (" + serial + ")";
    }
}
