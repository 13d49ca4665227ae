package dev.hive.monitor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputLogTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void keepsEverythingWhileItFits() {
        OutputLog log = new OutputLog(4, 8);
        log.write(bytes("abcdef"));
        OutputLog.Snapshot s = log.snapshot();
        assertThat(s.text()).isEqualTo("abcdef");
        assertThat(s.droppedBytes()).isZero();
        assertThat(s.totalBytes()).isEqualTo(6);
    }

    @Test
    void keepsHeadAndTailAndCountsDropped() {
        OutputLog log = new OutputLog(4, 8);
        for (char c = 'a'; c <= 'z'; c++) {
            log.write(bytes(String.valueOf(c)));
        }
        OutputLog.Snapshot s = log.snapshot();
        assertThat(new String(s.head(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
        assertThat(new String(s.tail(), StandardCharsets.US_ASCII)).isEqualTo("stuvwxyz");
        assertThat(s.droppedBytes()).isEqualTo(26 - 12);
        assertThat(s.text()).isEqualTo("abcd\n[... 14 bytes dropped ...]\nstuvwxyz");
    }

    @Test
    void largeWritesWrapTheRing() {
        OutputLog log = new OutputLog(2, 5);
        log.write(bytes("0123456"));
        log.write(bytes("789"));
        log.write(bytes("ABCDEFGHIJ"), 3, 4);
        OutputLog.Snapshot s = log.snapshot();
        assertThat(new String(s.head(), StandardCharsets.US_ASCII)).isEqualTo("01");
        assertThat(new String(s.tail(), StandardCharsets.US_ASCII)).isEqualTo("9DEFG");
        assertThat(s.totalBytes()).isEqualTo(14);
        assertThat(s.droppedBytes()).isEqualTo(7);
    }

    @Test
    void excerptShortensBothEnds() {
        OutputLog log = new OutputLog(10, 10);
        log.write(bytes("0123456789ABCDEFGHIJ"));
        assertThat(log.snapshot().excerpt(3)).isEqualTo("012\n[... 14 dropped ...]\nHIJ");
    }
}
