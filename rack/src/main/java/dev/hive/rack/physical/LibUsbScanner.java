package dev.hive.rack.physical;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usb4java.ConfigDescriptor;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.Interface;
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;

/**
 * Reads USB device descriptors through libusb (usb4java). Each scan uses its own libusb context and frees the
 * device list and the context before it returns. A device that cannot be opened (usually for lack of
 * permission) still yields its ids and location, without strings, plus a note; nothing here throws for a
 * device or a missing USB subsystem.
 */
public final class LibUsbScanner implements UsbScanner {

    private static final Logger log = LoggerFactory.getLogger(LibUsbScanner.class);
    private static final int CLASS_HUB = 0x09;
    private static final short LANGUAGE_EN_US = 0x0409;
    private static final Path LINUX_USB_DEVICES = Path.of("/dev/bus/usb");

    @Override
    public synchronized Scan scan() {
        var notes = new ArrayList<String>();
        Context context = new Context();
        int result;
        try {
            result = LibUsb.init(context);
        } catch (RuntimeException | LinkageError e) {
            notes.add("USB is not available: the native libusb of usb4java could not be loaded (" + e + ")");
            return new Scan(List.of(), notes);
        }
        if (result != LibUsb.SUCCESS) {
            notes.add("USB is not available: libusb could not start (" + LibUsb.strError(result) + ")");
            return new Scan(List.of(), notes);
        }
        try {
            return scan(context, notes);
        } finally {
            LibUsb.exit(context);
        }
    }

    private Scan scan(Context context, List<String> notes) {
        DeviceList list = new DeviceList();
        int count = LibUsb.getDeviceList(context, list);
        if (count < 0) {
            notes.add("the USB devices could not be listed: " + LibUsb.strError(count));
            return new Scan(List.of(), notes);
        }
        var devices = new ArrayList<UsbDescriptor>();
        var unreadable = new ArrayList<String>();
        try {
            for (Device device : list) {
                read(device, notes, unreadable).ifPresent(devices::add);
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
        if (count == 0) {
            notes.add(noDevicesNote());
        }
        if (!unreadable.isEmpty()) {
            notes.add(unreadable.size() + " USB device(s) could not be opened to read their names and serials: "
                    + String.join(", ", unreadable) + ". A CMSIS-DAP probe among them stays unrecognised until"
                    + " this user may open it (udev rule, see docs/hardware.md)");
        }
        return new Scan(devices, notes);
    }

    private Optional<UsbDescriptor> read(Device device, List<String> notes, List<String> unreadable) {
        int bus = LibUsb.getBusNumber(device);
        List<Integer> path = portPath(device);
        DeviceDescriptor descriptor = new DeviceDescriptor();
        int result = LibUsb.getDeviceDescriptor(device, descriptor);
        if (result != LibUsb.SUCCESS) {
            notes.add("the USB device at usb:" + location(bus, path) + " has no readable device descriptor ("
                    + LibUsb.strError(result) + ")");
            return Optional.empty();
        }
        if ((descriptor.bDeviceClass() & 0xFF) == CLASS_HUB) {
            return Optional.empty();
        }
        int vendor = descriptor.idVendor() & 0xFFFF;
        int product = descriptor.idProduct() & 0xFFFF;
        var bare = new UsbDescriptor(vendor, product, null, null, null, List.of(), bus, path);
        List<InterfaceStub> stubs = interfaces(device);

        DeviceHandle handle = new DeviceHandle();
        result = LibUsb.open(device, handle);
        if (result != LibUsb.SUCCESS) {
            String why = result == LibUsb.ERROR_ACCESS ? "permission denied" : LibUsb.strError(result);
            var known = KnownProbes.lookup(bare);
            if (known.isPresent()) {
                notes.add("found a " + known.get().kind().displayName() + " (" + bare.describe()
                        + ") but cannot open it to read its serial (" + why + "); install the udev rule from"
                        + " docs/hardware.md and plug it in again");
            } else {
                unreadable.add(bare.describe() + " (" + why + ")");
            }
            log.debug("usb:{} {}: cannot open ({})", bare.location(), bare.id(), why);
            return Optional.of(withInterfaces(bare, stubs, null));
        }
        try {
            short language = language(handle);
            var full = new UsbDescriptor(
                    vendor,
                    product,
                    string(handle, descriptor.iSerialNumber(), language),
                    string(handle, descriptor.iManufacturer(), language),
                    string(handle, descriptor.iProduct(), language),
                    List.of(),
                    bus,
                    path);
            log.debug("usb:{} {} product={} serial={}", full.location(), full.id(), full.product(), full.serial());
            return Optional.of(withInterfaces(full, stubs, index -> string(handle, index, language)));
        } finally {
            LibUsb.close(handle);
        }
    }

    private record InterfaceStub(int number, int interfaceClass, byte nameIndex) {}

    private static List<InterfaceStub> interfaces(Device device) {
        ConfigDescriptor config = new ConfigDescriptor();
        if (LibUsb.getActiveConfigDescriptor(device, config) != LibUsb.SUCCESS
                && LibUsb.getConfigDescriptor(device, (byte) 0, config) != LibUsb.SUCCESS) {
            return List.of();
        }
        try {
            var stubs = new ArrayList<InterfaceStub>();
            for (Interface iface : config.iface()) {
                for (InterfaceDescriptor alt : iface.altsetting()) {
                    if (alt.bAlternateSetting() == 0) {
                        stubs.add(new InterfaceStub(
                                alt.bInterfaceNumber() & 0xFF, alt.bInterfaceClass() & 0xFF, alt.iInterface()));
                    }
                }
            }
            return stubs;
        } finally {
            LibUsb.freeConfigDescriptor(config);
        }
    }

    private interface StringReader {
        String read(byte index);
    }

    private static UsbDescriptor withInterfaces(UsbDescriptor device, List<InterfaceStub> stubs, StringReader names) {
        List<UsbDescriptor.Interface> interfaces = stubs.stream()
                .map(s -> new UsbDescriptor.Interface(
                        s.number(), s.interfaceClass(), names == null ? null : names.read(s.nameIndex())))
                .toList();
        return new UsbDescriptor(
                device.vendorId(),
                device.productId(),
                device.serial(),
                device.manufacturer(),
                device.product(),
                interfaces,
                device.bus(),
                device.portPath());
    }

    /** The first language the device offers, or US English when it lists none. */
    private static short language(DeviceHandle handle) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(255);
        int length = LibUsb.getStringDescriptor(handle, (byte) 0, (short) 0, buffer);
        if (length >= 4) {
            return (short) ((buffer.get(2) & 0xFF) | (buffer.get(3) & 0xFF) << 8);
        }
        return LANGUAGE_EN_US;
    }

    /**
     * A string descriptor decoded as UTF-16LE, or null. libusb's ASCII variant would replace the bytes that
     * early ST-LINK/V2 firmware puts into its serial, so the raw descriptor is read.
     */
    private static String string(DeviceHandle handle, byte index, short language) {
        if (index == 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(255);
        int length = LibUsb.getStringDescriptor(handle, index, language, buffer);
        if (length < 2) {
            return null;
        }
        int end = Math.min(buffer.get(0) & 0xFF, length);
        byte[] text = new byte[Math.max(0, end - 2) & ~1];
        for (int i = 0; i < text.length; i++) {
            text[i] = buffer.get(2 + i);
        }
        return new String(text, StandardCharsets.UTF_16LE);
    }

    private static List<Integer> portPath(Device device) {
        ByteBuffer ports = ByteBuffer.allocateDirect(8);
        int depth = LibUsb.getPortNumbers(device, ports);
        var path = new ArrayList<Integer>();
        for (int i = 0; i < depth; i++) {
            path.add(ports.get(i) & 0xFF);
        }
        return path;
    }

    private static String location(int bus, List<Integer> path) {
        return path.isEmpty()
                ? Integer.toString(bus)
                : bus + "-" + path.stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    private static String noDevicesNote() {
        if (System.getProperty("os.name", "").startsWith("Linux") && !Files.isDirectory(LINUX_USB_DEVICES)) {
            return "no USB devices are visible: " + LINUX_USB_DEVICES + " does not exist (no USB subsystem here,"
                    + " e.g. a container started without the USB devices passed in)";
        }
        return "no USB devices are visible on this host";
    }
}
