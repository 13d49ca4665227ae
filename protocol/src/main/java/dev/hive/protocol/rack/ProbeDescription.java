package dev.hive.protocol.rack;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * One debug probe as the runner is told about it.
 *
 * @param kind the probe family as the rack spells it, e.g. {@code VIRTUAL_GDB} or {@code ST_LINK_V2_1}; a
 *     string, so that a rack knowing a new family does not break an older runner
 * @param identifier a human-readable name, such as the USB product string
 * @param vendorId USB vendor id, 0 for probes that are not on USB
 * @param productId USB product id, 0 for probes that are not on USB
 * @param serial the serial number, which tells identical probes apart
 * @param endpoint where software reaches the probe: {@code unix:/path}, {@code tcp:host:port}, {@code
 *     serial:/dev/ttyACM0} or {@code usb:BUS-PORT}
 */
public record ProbeDescription(
        @Required String kind,
        @Required String identifier,
        @Required int vendorId,
        @Required int productId,
        @Required String serial,
        @Required String endpoint) {

    public ProbeDescription {
        Fields.required(kind, "kind");
        Fields.required(identifier, "identifier");
        Fields.inRange(vendorId, 0, 0xFFFF, "vendorId");
        Fields.inRange(productId, 0, 0xFFFF, "productId");
        Fields.required(serial, "serial");
        Fields.required(endpoint, "endpoint");
    }

    /** {@code VID:PID} in the usual lower-case hex spelling, e.g. {@code 0483:374b}. */
    public String usbId() {
        return "%04x:%04x".formatted(vendorId, productId);
    }
}
