package dev.hive.protocol.rack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MemoryRegionTest {

    @Test
    void containsChecksBothEnds() {
        var flash = new MemoryRegion(MemoryKind.FLASH, 0x0800_0000L, 0x2_0000L);
        assertThat(flash.contains(0x0800_0000L, 4)).isTrue();
        assertThat(flash.contains(0x0801_FFFCL, 4)).isTrue();
        assertThat(flash.contains(0x0801_FFFEL, 4)).isFalse();
        assertThat(flash.contains(0x07FF_FFFCL, 4)).isFalse();
    }

    @Test
    void rejectsRegionsOutsideTheAddressSpace() {
        assertThatThrownBy(() -> new MemoryRegion(MemoryKind.RAM, 0xFFFF_0000L, 0x2_0000L))
                .hasMessageContaining("bad length");
        assertThatThrownBy(() -> new MemoryRegion(MemoryKind.RAM, 0x2000_0000L, 0))
                .hasMessageContaining("bad length");
        assertThatThrownBy(() -> new MemoryRegion(null, 0, 16)).hasMessageContaining("needs a kind");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        var mapper = new ObjectMapper();
        var region = new MemoryRegion(MemoryKind.RAM, 0x2000_0000L, 0x5000L);
        String json = mapper.writeValueAsString(region);
        assertThat(json).isEqualTo("{\"kind\":\"RAM\",\"origin\":536870912,\"length\":20480}");
        assertThat(mapper.readValue(json, MemoryRegion.class)).isEqualTo(region);
    }
}
