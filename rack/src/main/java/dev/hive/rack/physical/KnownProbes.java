package dev.hive.rack.physical;

import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The debug probes the static backend recognises on USB, and the identification of a USB device as one of
 * them. The table is checked in order: fixed USB ids first, then the CMSIS-DAP names, which many vendors use
 * with ids of their own (DAPLink, the Raspberry Pi Debug Probe, WCH-LinkE in DAP mode, ...).
 */
public final class KnownProbes {

    private static final int ST = 0x0483;
    private static final int SEGGER = 0x1366;
    private static final int FTDI = 0x0403;

    private static final List<KnownProbe> TABLE = List.of(
            new KnownProbe(
                    ProbeKind.ST_LINK_V2,
                    KnownProbe.Recognition.USB_ID,
                    List.of(new UsbId(ST, 0x3748)),
                    "stand-alone ST-LINK/V2 and older Discovery boards; early firmware reports a binary serial,"
                            + " shown here as 24 hex digits as ST's tools do"),
            new KnownProbe(
                    ProbeKind.ST_LINK_V2_1,
                    KnownProbe.Recognition.USB_ID,
                    List.of(new UsbId(ST, 0x374b), new UsbId(ST, 0x3752)),
                    "on-board probe of Nucleo and newer Discovery boards; 3752 is the variant without mass storage"),
            new KnownProbe(
                    ProbeKind.ST_LINK_V3,
                    KnownProbe.Recognition.USB_ID,
                    List.of(
                            new UsbId(ST, 0x374e),
                            new UsbId(ST, 0x374f),
                            new UsbId(ST, 0x3753),
                            new UsbId(ST, 0x3754),
                            new UsbId(ST, 0x3757)),
                    "STLINK-V3E, V3SET, V3 with two virtual COM ports, V3E without mass storage, V3PWR; the"
                            + " bootloader ids 374d and 3755 are not probes"),
            new KnownProbe(
                    ProbeKind.J_LINK,
                    KnownProbe.Recognition.VENDOR_ID,
                    List.of(
                            new UsbId(SEGGER, 0x0101),
                            new UsbId(SEGGER, 0x0105),
                            new UsbId(SEGGER, 0x1015),
                            new UsbId(SEGGER, 0x1020)),
                    "every SEGGER product id is a J-Link (they change with firmware and USB mode)"),
            new KnownProbe(
                    ProbeKind.BLACK_MAGIC_PROBE,
                    KnownProbe.Recognition.USB_ID,
                    List.of(new UsbId(0x1d50, 0x6018)),
                    "speaks GDB on its first serial port (the endpoint becomes serial:/dev/ttyACMn when found);"
                            + " 1d50:6017 is its DFU bootloader"),
            new KnownProbe(
                    ProbeKind.ESP_USB_JTAG,
                    KnownProbe.Recognition.USB_ID,
                    List.of(new UsbId(0x303a, 0x1001)),
                    "the USB-Serial-JTAG unit built into ESP32-C3/C6/S3/H2 chips"),
            new KnownProbe(
                    ProbeKind.WCH_LINK,
                    KnownProbe.Recognition.USB_ID,
                    List.of(new UsbId(0x1a86, 0x8010)),
                    "WCH-Link/WCH-LinkE in RISC-V mode; in ARM (DAP) mode it is a CMSIS-DAP probe"),
            new KnownProbe(
                    ProbeKind.FTDI,
                    KnownProbe.Recognition.USB_ID,
                    List.of(new UsbId(FTDI, 0x6010), new UsbId(FTDI, 0x6011), new UsbId(FTDI, 0x6014)),
                    "FT2232H, FT4232H and FT232H adapters with FTDI's default ids; a chip without EEPROM has no"
                            + " serial and cannot be told apart from its twin"),
            new KnownProbe(
                    ProbeKind.CMSIS_DAP_V2,
                    KnownProbe.Recognition.CMSIS_DAP_BULK,
                    List.of(),
                    "any vendor: DAPLink (0d28:0204), Raspberry Pi Debug Probe and picoprobe (2e8a:000c),"
                            + " WCH-LinkE in DAP mode (1a86:8012), ..."),
            new KnownProbe(
                    ProbeKind.CMSIS_DAP_V1,
                    KnownProbe.Recognition.CMSIS_DAP_HID,
                    List.of(),
                    "any vendor; older DAPLink firmware and many low-cost probes"));

    private KnownProbes() {}

    /** The table, in the order it is checked. */
    public static List<KnownProbe> all() {
        return TABLE;
    }

    /** The first row that {@code device} matches. */
    public static Optional<KnownProbe> lookup(UsbDescriptor device) {
        return TABLE.stream().filter(p -> p.matches(device)).findFirst();
    }

    /**
     * The probe {@code device} is, or empty when it is not a debug probe the rack knows.
     *
     * <p>The endpoint is {@code usb:BUS-PORT.PATH}; the identifier is the product string, or the family's name
     * when the device has none. A device without a serial gets an empty serial, never an invented one.
     */
    public static Optional<ProbeInfo> identify(UsbDescriptor device) {
        return lookup(device)
                .map(known -> new ProbeInfo(
                        known.kind(),
                        identifier(device, known.kind()),
                        device.vendorId(),
                        device.productId(),
                        serialOf(device, known.kind()),
                        "usb:" + device.location()));
    }

    private static String identifier(UsbDescriptor device, ProbeKind kind) {
        String product = device.product();
        return product == null || product.isBlank() ? kind.displayName() : product.strip();
    }

    /**
     * The serial as tools expect it. Early ST-LINK/V2 firmware puts 12 raw bytes into the serial string; they
     * are written as 24 upper-case hex digits, the spelling ST's tools, OpenOCD and probe-rs accept.
     */
    static String serialOf(UsbDescriptor device, ProbeKind kind) {
        String serial = device.serialNumber().orElse("");
        boolean stLink = kind == ProbeKind.ST_LINK_V2 || kind == ProbeKind.ST_LINK_V2_1;
        if (stLink && serial.length() == 12 && !serial.chars().allMatch(KnownProbes::isAsciiLetterOrDigit)) {
            byte[] raw = new byte[serial.length()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) serial.charAt(i);
            }
            return HexFormat.of().withUpperCase().formatHex(raw);
        }
        return serial.strip();
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
