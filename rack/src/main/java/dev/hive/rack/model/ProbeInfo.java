package dev.hive.rack.model;

import java.util.Objects;

/**
 * One debug probe as the rack sees it.
 *
 * @param kind the probe family
 * @param identifier a human-readable name, such as the USB product string
 * @param vendorId USB vendor id, 0 for probes that are not on USB
 * @param productId USB product id, 0 for probes that are not on USB
 * @param serial the serial number; identical probes are told apart by it, so it is never guessed
 * @param endpoint where software reaches the probe: {@code unix:/path}, {@code tcp:host:port}, {@code
 *     serial:/dev/ttyACM0} or {@code usb:BUS-PORT}
 */
public record ProbeInfo(
        ProbeKind kind, String identifier, int vendorId, int productId, String serial, String endpoint) {

    public ProbeInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** {@code VID:PID} in the usual lower-case hex spelling, e.g. {@code 0483:374b}. */
    public String usbId() {
        return "%04x:%04x".formatted(vendorId, productId);
    }
}
