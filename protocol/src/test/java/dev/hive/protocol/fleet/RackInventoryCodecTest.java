package dev.hive.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inventory other monitors read is pinned by {@code fleet/inventory.json}, read and written. */
class RackInventoryCodecTest {

    private static final RackInventory EXPECTED = new RackInventory(
            "lab1-rack-a",
            "lab1",
            "0.1.0",
            List.of(
                    new RackInventory.Target("lm3s6965evb", "0/0", "flashed", "GOOD"),
                    new RackInventory.Target("sifive_e", "0/1", "not flashed")),
            List.of(
                    new RackInventory.Probe("Virtual GDB probe 1", "hive-virtual-1", "ready"),
                    new RackInventory.Probe("channel 1", "", "missing")),
            2,
            true,
            3,
            Instant.parse("2026-12-06T23:50:01.250Z"));

    private final RackInventoryCodec codec = new RackInventoryCodec();
    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void goldenFileDecodesToTheInventoryAndTheInventoryEncodesToIt() throws IOException {
        byte[] golden = golden();
        assertThat(codec.decode(golden)).isEqualTo(EXPECTED);
        assertThat(plain.readTree(codec.encode(EXPECTED))).isEqualTo(plain.readTree(golden));
    }

    @Test
    void unknownFieldsAreIgnoredAndAMissingOneIsRefusedByName() throws IOException {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) plain.readTree(golden());
        tree.put("shards", 4);
        assertThat(codec.decode(plain.writeValueAsBytes(tree))).isEqualTo(EXPECTED);
        tree.remove("lab");
        assertThatThrownBy(() -> codec.decode(plain.writeValueAsBytes(tree)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lab");
    }

    private static byte[] golden() throws IOException {
        try (InputStream in = RackInventoryCodecTest.class.getResourceAsStream("/fleet/inventory.json")) {
            assertThat(in).as("golden file fleet/inventory.json").isNotNull();
            return in.readAllBytes();
        }
    }
}
