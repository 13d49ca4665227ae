package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownProbesTest {

    @Test
    void stLinkV21IsIdentifiedWithItsSerialAndPlace() {
        ProbeInfo probe = KnownProbes.identify(UsbFixtures.stLinkV21("0670FF3632524B3043205426", 2))
                .orElseThrow();

        assertThat(probe.kind()).isEqualTo(ProbeKind.ST_LINK_V2_1);
        assertThat(probe.identifier()).isEqualTo("STM32 STLink");
        assertThat(probe.usbId()).isEqualTo("0483:374b");
        assertThat(probe.serial()).isEqualTo("0670FF3632524B3043205426");
        assertThat(probe.endpoint()).isEqualTo("usb:1-2");
    }

    @Test
    void twoIdenticalJLinksStayTwoProbes() {
        ProbeInfo first =
                KnownProbes.identify(UsbFixtures.jLink("000260111111", 1)).orElseThrow();
        ProbeInfo second =
                KnownProbes.identify(UsbFixtures.jLink("000260222222", 2)).orElseThrow();

        assertThat(List.of(first.kind(), second.kind())).containsOnly(ProbeKind.J_LINK);
        assertThat(first.serial()).isEqualTo("000260111111");
        assertThat(second.serial()).isEqualTo("000260222222");
        assertThat(first.endpoint()).isEqualTo("usb:1-4.1");
        assertThat(second.endpoint()).isEqualTo("usb:1-4.2");
    }

    @Test
    void anySeggerProductIdIsAJLink() {
        var onBoard = new UsbDescriptor(0x1366, 0x1051, "000778888888", "SEGGER", null, List.of(), 3, List.of(1));

        ProbeInfo probe = KnownProbes.identify(onBoard).orElseThrow();

        assertThat(probe.kind()).isEqualTo(ProbeKind.J_LINK);
        assertThat(probe.identifier()).as("no product string: the family name").isEqualTo("SEGGER J-Link");
    }

    @Test
    void cmsisDapIsRecognisedByItsInterfaceNameWhateverTheIds() {
        ProbeInfo daplink =
                KnownProbes.identify(UsbFixtures.daplink("0240000034544e45")).orElseThrow();
        var picoprobe = new UsbDescriptor(
                0x2e8a,
                0x000c,
                "E6616407E3646B29",
                "Raspberry Pi",
                "Debugprobe on Pico (CMSIS-DAP)",
                List.of(new UsbDescriptor.Interface(0, 0xFF, "CMSIS-DAP v2 Interface")),
                1,
                List.of(3));

        assertThat(daplink.kind()).as("bulk interface wins over the HID one").isEqualTo(ProbeKind.CMSIS_DAP_V2);
        assertThat(daplink.serial()).isEqualTo("0240000034544e45");
        assertThat(KnownProbes.identify(picoprobe).orElseThrow().kind()).isEqualTo(ProbeKind.CMSIS_DAP_V2);
    }

    @Test
    void hidOnlyCmsisDapIsVersionOne() {
        var hidProbe = new UsbDescriptor(
                0xc251,
                0xf001,
                "A1B2C3",
                "Keil Software",
                "LPC-Link CMSIS-DAP",
                List.of(new UsbDescriptor.Interface(0, 0x03, null)),
                1,
                List.of(5));

        assertThat(KnownProbes.identify(hidProbe).orElseThrow().kind()).isEqualTo(ProbeKind.CMSIS_DAP_V1);
    }

    @Test
    void devicesThatAreNoProbesAreIgnored() {
        var stLinkBootloader =
                new UsbDescriptor(0x0483, 0x374d, "X", "ST", "STLINK-V3 loader", List.of(), 1, List.of(2));
        var plainHidNamedLikeAProbe = new UsbDescriptor(
                0x1234,
                0x5678,
                "S",
                "ACME",
                "Gadget",
                List.of(new UsbDescriptor.Interface(0, 0x02, "CMSIS-DAP")),
                1,
                List.of(3));

        assertThat(KnownProbes.identify(UsbFixtures.keyboard())).isEmpty();
        assertThat(KnownProbes.identify(stLinkBootloader)).isEmpty();
        assertThat(KnownProbes.identify(plainHidNamedLikeAProbe))
                .as("a CDC interface named CMSIS-DAP is neither HID nor bulk")
                .isEmpty();
    }

    @Test
    void earlyStLinkV2BinarySerialIsWrittenAsHex() {
        char[] raw = {0x48, 0x3F, 0x70, 0x06, 0x65, 0x78, 0x55, 0x55, 0x25, 0x20, 0x21, 0x67};
        var stLinkV2 =
                new UsbDescriptor(0x0483, 0x3748, new String(raw), "ST", "STM32 STLink", List.of(), 1, List.of(7));

        ProbeInfo probe = KnownProbes.identify(stLinkV2).orElseThrow();

        assertThat(probe.kind()).isEqualTo(ProbeKind.ST_LINK_V2);
        assertThat(probe.serial()).isEqualTo("483F70066578555525202167");
    }

    @Test
    void ftdiAdapterWithoutSerialGetsNoInventedOne() {
        var ft2232 = new UsbDescriptor(0x0403, 0x6010, null, "FTDI", "Dual RS232-HS", List.of(), 1, List.of(8));

        ProbeInfo probe = KnownProbes.identify(ft2232).orElseThrow();

        assertThat(probe.kind()).isEqualTo(ProbeKind.FTDI);
        assertThat(probe.serial()).isEmpty();
    }

    @Test
    void everyUsbProbeKindHasARow() {
        var physical =
                Arrays.stream(ProbeKind.values()).filter(k -> k != ProbeKind.VIRTUAL_GDB && k != ProbeKind.NETWORK);

        assertThat(KnownProbes.all()).extracting(KnownProbe::kind).containsAll(physical.toList());
    }
}
