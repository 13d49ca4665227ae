package dev.hive.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexLongTest {

    @Test
    void formatsAndParsesAllSixtyFourBits() {
        for (long value : new long[] {0, 1, 0x8dc1dc22b8c201dbL, Long.MIN_VALUE, Long.MAX_VALUE, -1}) {
            String text = HexLong.format(value);
            assertThat(text).hasSize(16).matches("[0-9a-f]{16}");
            assertThat(HexLong.parse(text)).isEqualTo(value);
        }
        assertThat(HexLong.format(0x2a)).isEqualTo("000000000000002a");
    }

    @Test
    void acceptsOnlySixteenLowerCaseDigits() {
        for (String bad :
                new String[] {"", "2a", "000000000000002A", "0x000000000000002a", "00000000000000-1", "g000000000000000"
                }) {
            assertThat(HexLong.isValid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> HexLong.parse(bad)).hasMessageContaining("is not 16 lower-case hex digits");
        }
    }
}
