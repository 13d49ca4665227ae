package dev.hive.monitor.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UartRingTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void replaysEverythingWhileItFits() {
        UartRing ring = new UartRing(16);
        ring.append(bytes("hive:"));
        ring.append(bytes("uid\n"));

        assertThat(new String(ring.snapshot(), StandardCharsets.US_ASCII)).isEqualTo("hive:uid\n");
    }

    @Test
    void keepsTheNewestBytesInOrderWhenItWraps() {
        UartRing ring = new UartRing(8);
        ring.append(bytes("0123456789"));
        ring.append(bytes("abc"));

        assertThat(new String(ring.snapshot(), StandardCharsets.US_ASCII)).isEqualTo("56789abc");
    }

    @Test
    void anEmptyRingReplaysNothing() {
        assertThat(new UartRing(8).snapshot()).isEmpty();
    }
}
