package dev.hive.testprograms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UartBurstTest {

    private static byte[] pattern(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) UartBurst.patternByte(i);
        }
        return bytes;
    }

    @Test
    void thePatternDiffersFromBlockToBlock() {
        assertThat(UartBurst.patternByte(0)).isZero();
        assertThat(UartBurst.patternByte(255)).isEqualTo(255);
        assertThat(UartBurst.patternByte(256)).isEqualTo(1); // 0x100: 0 + 1
        assertThat(UartBurst.patternByte(0x010203)).isEqualTo(6);
    }

    @Test
    void aWholeBurstInPiecesIsComplete() {
        var burst = new UartBurst(1000);
        byte[] all = pattern(1000);
        byte[] tail = "hive:sum".getBytes();
        byte[] withTail = new byte[1000 + tail.length];
        System.arraycopy(all, 0, withTail, 0, 1000);
        System.arraycopy(tail, 0, withTail, 1000, tail.length);
        assertThat(burst.accept(withTail, 0, 333)).isEqualTo(333);
        assertThat(burst.complete()).isFalse();
        assertThat(burst.accept(withTail, 333, withTail.length - 333)).isEqualTo(667);
        assertThat(burst.complete()).isTrue();
        assertThat(burst.problem()).isEmpty();
        assertThat(burst.sumLine()).isEqualTo(burst.expectedSumLine());
        assertThat(burst.command()).isEqualTo("burst 1000\n");
        assertThat(burst.header()).isEqualTo("hive:burst=000003e8");
    }

    @Test
    void aLostByteIsFoundWhereItWasLost() {
        var burst = new UartBurst(600);
        byte[] all = pattern(601);
        System.arraycopy(all, 301, all, 300, 300); // byte 300 lost
        burst.accept(all, 0, 600);
        assertThat(burst.problem()).startsWith("byte 300 of the burst is 0x");
        assertThat(burst.sumLine()).isNotEqualTo(burst.expectedSumLine());
    }

    @Test
    void sizesOutsideTheTargetsRangeAreRefused() {
        assertThatThrownBy(() -> new UartBurst(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UartBurst(UartBurst.MAX_BYTES + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
