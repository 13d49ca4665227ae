package dev.hive.rack.physical;

import java.util.Objects;
import java.util.Optional;

/**
 * One serial port of this host.
 *
 * @param path the device path, e.g. {@code /dev/ttyACM0}
 * @param description what the port says it is (often the USB interface name, e.g. {@code Black Magic GDB
 *     Server}); empty when unknown
 * @param vendorId the USB vendor id of a USB port, -1 otherwise
 * @param productId the USB product id of a USB port, -1 otherwise
 * @param serial the USB serial number of a USB port, empty otherwise
 * @param location where the port's device is plugged in, as the serial library reports it; empty when unknown
 */
public record SerialPortInfo(
        String path, String description, int vendorId, int productId, String serial, String location) {

    public SerialPortInfo {
        Objects.requireNonNull(path, "path");
        description = Objects.requireNonNullElse(description, "");
        serial = Objects.requireNonNullElse(serial, "");
        location = Objects.requireNonNullElse(location, "");
    }

    /** The USB ids, when this is a USB serial port. */
    public Optional<UsbId> usbId() {
        return vendorId >= 0 && productId >= 0 ? Optional.of(new UsbId(vendorId, productId)) : Optional.empty();
    }

    /** The endpoint spelling used in the rack model: {@code serial:/dev/ttyACM0}. */
    public String endpoint() {
        return "serial:" + path;
    }
}
