package dev.hive.monitor.rack;

import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.util.Objects;

/**
 * The probe stored for a testchannel. Follows {@link ProbeInfo}'s conventions: an empty serial when the probe
 * has none, vendor and product id 0 when it is not on USB (both stored as NULL).
 *
 * @param channel the testchannel, from 0
 * @param kind the probe family
 * @param identifier a human-readable name, such as the USB product string
 * @param serial the serial number, empty when unknown
 * @param vendorId USB vendor id, 0 when not on USB
 * @param productId USB product id, 0 when not on USB
 */
public record ProbeAssignment(
        int channel, ProbeKind kind, String identifier, String serial, int vendorId, int productId) {

    public ProbeAssignment {
        if (channel < 0) {
            throw new IllegalArgumentException("a channel is numbered from 0, got " + channel);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identifier, "identifier");
        serial = Objects.requireNonNullElse(serial, "");
    }

    /** The assignment for a probe the rack reports in {@code channel}. */
    public static ProbeAssignment of(int channel, ProbeInfo probe) {
        return new ProbeAssignment(
                channel, probe.kind(), probe.identifier(), probe.serial(), probe.vendorId(), probe.productId());
    }

    /** {@code 'identifier' (serial s)}, for log lines. */
    public String describe() {
        return "'" + identifier + "' (" + (serial.isEmpty() ? "no serial" : "serial " + serial) + ")";
    }
}
