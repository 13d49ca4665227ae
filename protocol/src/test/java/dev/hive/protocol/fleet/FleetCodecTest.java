package dev.hive.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.events.LogLine;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A shard on the work queue and a rack's event about it, pinned by golden files, read and written. */
class FleetCodecTest {

    private static final Shard SHARD = new Shard(
            "front-42",
            "sifive_e",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "{\"targets\":{\"mode\":\"INCLUDE\",\"patterns\":[\"sifive_e\"]},\"testTimeoutMillis\":60000,"
                    + "\"runTimeoutMillis\":600000}");
    private static final ShardEvent EVENT = new ShardEvent(
            "front-42", "sifive_e", "lab1-rack-a", 2, new LogLine(7, "runner", "INFO", "connected to the monitor"));

    private final FleetCodec codec = new FleetCodec();
    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void goldenShardDecodesToTheShardAndTheShardEncodesToIt() throws IOException {
        byte[] golden = golden("shard.json");
        assertThat(codec.shard(golden)).isEqualTo(SHARD);
        assertThat(plain.readTree(codec.encode(SHARD))).isEqualTo(plain.readTree(golden));
        assertThat(SHARD.messageId()).isEqualTo("front-42/sifive_e");
    }

    @Test
    void goldenEventDecodesToTheEventAndTheEventEncodesToIt() throws IOException {
        byte[] golden = golden("shard-event.json");
        assertThat(codec.event(golden)).isEqualTo(EVENT);
        assertThat(plain.readTree(codec.encode(EVENT))).isEqualTo(plain.readTree(golden));
    }

    @Test
    void aBadShardIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> codec.shard("{\"runKey\": \"front-1\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target");
        assertThatThrownBy(() -> new Shard("front-1", "x", "ABC", "{}"))
                .hasMessageContaining("runnerSha256 must be 64 lower-case hex digits");
        assertThatThrownBy(() -> new ShardEvent("front-1", "x", "r", 0, new LogLine(1, "runner", "INFO", "m")))
                .hasMessageContaining("attempt must be 1 or more");
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = FleetCodecTest.class.getResourceAsStream("/fleet/" + name)) {
            assertThat(in).as("golden file fleet/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
