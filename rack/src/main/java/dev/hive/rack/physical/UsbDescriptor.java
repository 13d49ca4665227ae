package dev.hive.rack.physical;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the USB bus tells about one device: its ids, its strings and where it is plugged in. Strings are null
 * when the device has none or they could not be read.
 *
 * @param vendorId USB vendor id
 * @param productId USB product id
 * @param serial the serial number string, or null
 * @param manufacturer the manufacturer string, or null
 * @param product the product string, or null
 * @param interfaces the interfaces of the active configuration, with their class and name
 * @param bus the bus number
 * @param portPath the port numbers from the root hub down to the device; empty for a root hub
 */
public record UsbDescriptor(
        int vendorId,
        int productId,
        String serial,
        String manufacturer,
        String product,
        List<Interface> interfaces,
        int bus,
        List<Integer> portPath) {

    /** USB interface class of HID devices; CMSIS-DAP v1 probes use it. */
    public static final int CLASS_HID = 0x03;
    /** USB interface class "vendor specific"; CMSIS-DAP v2 probes use it for their bulk interface. */
    public static final int CLASS_VENDOR = 0xFF;

    public UsbDescriptor {
        interfaces = List.copyOf(interfaces);
        portPath = List.copyOf(portPath);
    }

    /**
     * One interface of the device.
     *
     * @param number the interface number
     * @param interfaceClass the USB class code, e.g. {@link #CLASS_HID}
     * @param name the interface string, or null
     */
    public record Interface(int number, int interfaceClass, String name) {}

    public UsbId id() {
        return new UsbId(vendorId, productId);
    }

    public Optional<String> serialNumber() {
        return Optional.ofNullable(serial).filter(s -> !s.isEmpty());
    }

    /** Where the device is plugged in, in the Linux sysfs spelling: {@code BUS-PORT.PORT}, e.g. {@code 1-2.3}. */
    public String location() {
        if (portPath.isEmpty()) {
            return Integer.toString(bus);
        }
        return bus + "-" + portPath.stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    /** The device in a form for people and logs, e.g. {@code 0483:374b "STM32 STLink" at usb:1-2}. */
    public String describe() {
        String name = Objects.requireNonNullElse(product, "");
        return id() + (name.isEmpty() ? "" : " \"" + name + "\"") + " at usb:" + location();
    }
}
