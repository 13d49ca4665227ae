package dev.hive.rack.physical;

import java.util.List;

/** Descriptor data as real probes report it, for tests that replace only the USB layer. */
final class UsbFixtures {

    private UsbFixtures() {}

    static UsbDescriptor stLinkV21(String serial, int port) {
        return new UsbDescriptor(
                0x0483,
                0x374b,
                serial,
                "STMicroelectronics",
                "STM32 STLink",
                List.of(
                        new UsbDescriptor.Interface(0, 0xFF, "ST-Link Debug"),
                        new UsbDescriptor.Interface(1, 0x08, "ST-Link mass storage"),
                        new UsbDescriptor.Interface(2, 0x02, "ST-Link VCP Ctrl")),
                1,
                List.of(port));
    }

    static UsbDescriptor jLink(String serial, int port) {
        return new UsbDescriptor(
                0x1366,
                0x0101,
                serial,
                "SEGGER",
                "J-Link",
                List.of(new UsbDescriptor.Interface(0, 0xFF, null)),
                1,
                List.of(4, port));
    }

    static UsbDescriptor daplink(String serial) {
        return new UsbDescriptor(
                0x0d28,
                0x0204,
                serial,
                "ARM",
                "DAPLink CMSIS-DAP",
                List.of(
                        new UsbDescriptor.Interface(0, 0x08, "USB_MSC"),
                        new UsbDescriptor.Interface(3, 0x03, "CMSIS-DAP v1"),
                        new UsbDescriptor.Interface(4, 0xFF, "CMSIS-DAP v2")),
                2,
                List.of(1));
    }

    static UsbDescriptor keyboard() {
        return new UsbDescriptor(
                0x046d,
                0xc31c,
                null,
                "Logitech",
                "USB Keyboard",
                List.of(new UsbDescriptor.Interface(0, 0x03, null)),
                1,
                List.of(1));
    }
}
