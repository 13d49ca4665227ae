package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hive.rack.backend.ProbeDiscovery;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsbProbeDiscoveryTest {

    @Test
    void onAHostWithoutUsbDevicesTheListIsEmptyAndANoteSaysWhy() {
        assumeThat(Files.isDirectory(Path.of("/dev/bus/usb")))
                .as("this check is about hosts without USB devices")
                .isFalse();

        ProbeDiscovery.Result result = new UsbProbeDiscovery().discover();

        assertThat(result.probes()).isEmpty();
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("no USB devices are visible"));
    }

    @Test
    void libusbScanFreesItsContextAndCanBeRepeated() {
        var scanner = new LibUsbScanner();

        UsbScanner.Scan first = scanner.scan();
        UsbScanner.Scan second = scanner.scan();

        assertThat(second.devices()).hasSameSizeAs(first.devices());
    }

    @Test
    void onlyKnownProbesAreListedFromTheDevicesSeen() {
        var scanner = fixed(List.of(
                UsbFixtures.keyboard(),
                UsbFixtures.stLinkV21("0670FF3632524B3043205426", 2),
                UsbFixtures.daplink("0240000034544e45")));

        ProbeDiscovery.Result result = new UsbProbeDiscovery(scanner, new SerialPorts(List::of)).discover();

        assertThat(result.probes())
                .extracting(ProbeInfo::kind)
                .containsExactly(ProbeKind.ST_LINK_V2_1, ProbeKind.CMSIS_DAP_V2);
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void devicesWithoutProbesGetANote() {
        var scanner = fixed(List.of(UsbFixtures.keyboard()));

        ProbeDiscovery.Result result = new UsbProbeDiscovery(scanner, new SerialPorts(List::of)).discover();

        assertThat(result.probes()).isEmpty();
        assertThat(result.notes())
                .containsExactly("1 USB device(s) are attached, but none is a debug probe the rack"
                        + " knows (see the table in docs/hardware.md)");
    }

    @Test
    void blackMagicProbeIsReachedThroughItsGdbPort() {
        var bmp = new UsbDescriptor(
                0x1d50, 0x6018, "7BB180B4", "Black Magic Debug", "Black Magic Probe v2.0", List.of(), 1, List.of(6));
        var ports = new SerialPorts(() -> List.of(
                new SerialPortInfo("/dev/ttyACM1", "Black Magic UART Port", 0x1d50, 0x6018, "7BB180B4", "1-6"),
                new SerialPortInfo("/dev/ttyACM0", "Black Magic GDB Server", 0x1d50, 0x6018, "7BB180B4", "1-6"),
                new SerialPortInfo("/dev/ttyS0", "Physical Port", -1, -1, "", "")));

        ProbeDiscovery.Result result = new UsbProbeDiscovery(fixed(List.of(bmp)), ports).discover();

        assertThat(result.probes()).singleElement().satisfies(probe -> {
            assertThat(probe.kind()).isEqualTo(ProbeKind.BLACK_MAGIC_PROBE);
            assertThat(probe.endpoint()).isEqualTo("serial:/dev/ttyACM0");
        });
    }

    @Test
    void blackMagicProbeWithoutSerialPortKeepsItsUsbEndpointAndSaysSo() {
        var bmp = new UsbDescriptor(
                0x1d50, 0x6018, "7BB180B4", "Black Magic Debug", "Black Magic Probe", List.of(), 1, List.of(6));

        ProbeDiscovery.Result result = new UsbProbeDiscovery(fixed(List.of(bmp)), new SerialPorts(List::of)).discover();

        assertThat(result.probes())
                .singleElement()
                .extracting(ProbeInfo::endpoint)
                .isEqualTo("usb:1-6");
        assertThat(result.notes())
                .singleElement()
                .asString()
                .contains("7BB180B4")
                .contains("no GDB serial port");
    }

    private static UsbScanner fixed(List<UsbDescriptor> devices) {
        return () -> new UsbScanner.Scan(devices, List.of());
    }
}
