package dev.hive.protocol.rack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescriptionsTest {

    @Test
    void probesHaveSixteenBitUsbIds() {
        var probe = new ProbeDescription("ST_LINK_V2_1", "ST-Link/V2-1", 0x0483, 0x374B, "0669FF", "usb:1-2");
        assertThat(probe.usbId()).isEqualTo("0483:374b");
        assertThatThrownBy(() -> new ProbeDescription("J_LINK", "J-Link", 0x10000, 0, "1", "usb:1-1"))
                .hasMessage("vendorId must be between 0 and 65535, was 65536");
        assertThatThrownBy(() -> new ProbeDescription("J_LINK", "J-Link", 0, -1, "1", "usb:1-1"))
                .hasMessage("productId must be between 0 and 65535, was -1");
        assertThatThrownBy(() -> new ProbeDescription("J_LINK", "J-Link", 0, 0, null, "usb:1-1"))
                .hasMessage("serial is required");
    }

    @Test
    void testprogramsOfferTheirUidBothWaysAndSortTheirMaps() {
        var symbols = new LinkedHashMap<String, Long>();
        symbols.put("hive_mailbox", 0x2000_0000L);
        symbols.put("hive_header", 0x0800_0200L);
        var testprogram = new TestprogramDescription("default", -1L, symbols, Map.of());
        assertThat(testprogram.uidHex()).isEqualTo("ffffffffffffffff");
        assertThat(testprogram.symbols().keySet()).containsExactly("hive_header", "hive_mailbox");
        assertThat(testprogram.symbol("hive_mailbox")).hasValue(0x2000_0000L);
        assertThat(testprogram.symbol("nope")).isEmpty();
        var withNull = new LinkedHashMap<String, String>();
        withNull.put("HIVE_UID", null);
        assertThatThrownBy(() -> new TestprogramDescription("default", 1, Map.of(), withNull))
                .hasMessage("defines['HIVE_UID'] is required");
    }

    @Test
    void aRackFindsItsChannelsAndStacksByIndex() {
        var rack = new RackDescription(
                "r",
                List.of("uart"),
                List.of(new ChannelDescription(3, null, null)),
                List.of(new StackDescription(1, "b", List.of(new SlotDescription(0, null)))));
        assertThat(rack.channel(3))
                .hasValueSatisfying(c -> assertThat(c.probeIfPresent()).isEmpty());
        assertThat(rack.channel(0)).isEmpty();
        assertThat(rack.stack(1).orElseThrow().slots().get(0).targetIfPresent()).isEmpty();
        assertThat(rack.hasCapability("uart")).isTrue();
        assertThat(rack.hasCapability("gpio")).isFalse();
        assertThatThrownBy(() -> new RackDescription("r", Arrays.asList("uart", null), List.of(), List.of()))
                .hasMessage("capabilities[1] is required");
        assertThatThrownBy(() -> new ChannelDescription(-1, null, null)).hasMessage("index must be >= 0, was -1");
    }
}
