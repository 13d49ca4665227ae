package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RspPacketsTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void checksumIsTheByteSumModulo256() {
        assertThat(RspPackets.checksum(ascii("OK"))).isEqualTo(0x9a);
        assertThat(RspPackets.checksum(ascii(""))).isZero();
        assertThat(RspPackets.checksum(new byte[] {(byte) 0xff, (byte) 0xff, 0x03}))
                .isEqualTo(0x01);
        assertThat(RspPackets.checksum(ascii("xxOKxx"), 2, 2)).isEqualTo(0x9a);
    }

    @Test
    void framesWithLowerCaseChecksum() {
        assertThat(text(RspPackets.frame("OK"))).isEqualTo("$OK#9a");
        assertThat(text(RspPackets.frame("?"))).isEqualTo("$?#3f");
        assertThat(text(RspPackets.frame("g"))).isEqualTo("$g#67");
        assertThat(text(RspPackets.frame(""))).isEqualTo("$#00");
    }

    @Test
    void escapesTheFourSpecialBytes() {
        byte[] data = {'#', '$', '}', '*', 'a'};
        byte[] escaped = RspPackets.escape(data);
        assertThat(escaped).containsExactly('}', 0x03, '}', 0x04, '}', 0x5d, '}', 0x0a, 'a');
        assertThat(RspPackets.escapedLength(data, 0, data.length)).isEqualTo(9);
        assertThat(RspPackets.unescape(escaped)).containsExactly(data);
    }

    @Test
    void frameEscapesBinaryPayloadAndChecksumsTheEscapedBytes() {
        byte[] framed = RspPackets.frame(new byte[] {'X', '$'});
        assertThat(text(framed)).startsWith("$X}\u0004#");
        int sum = ('X' + '}' + 0x04) & 0xff;
        assertThat(text(framed)).endsWith(RspPackets.hexByte(sum));
    }

    @Test
    void escapeRoundTripsRandomBinaryData() {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            byte[] escaped = RspPackets.escape(data);
            for (int k = 0; k < escaped.length; k++) {
                int b = escaped[k] & 0xff;
                assertThat(b != '#' && b != '$' && b != '*').isTrue();
            }
            assertThat(RspPackets.unescape(escaped)).containsExactly(data);
        }
    }

    @Test
    void loneEscapeAtTheEndIsRejected() {
        assertThatThrownBy(() -> RspPackets.unescape(ascii("ab}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone escape");
    }

    @Test
    void expandsRunLengthEncoding() {
        // the example of the GDB manual: "0* " means "0000"
        assertThat(text(RspPackets.expandRunLength(ascii("0* ")))).isEqualTo("0000");
        assertThat(text(RspPackets.expandRunLength(ascii("a0* b")))).isEqualTo("a0000b");
        // '!' = 33 -> 4 more copies
        assertThat(text(RspPackets.expandRunLength(ascii("x*!")))).isEqualTo("xxxxx");
        // '~' = 126 -> 97 more copies
        assertThat(RspPackets.expandRunLength(ascii("f*~"))).hasSize(98);
        // a run right after a run repeats the last output byte
        assertThat(text(RspPackets.expandRunLength(ascii("0* * ")))).isEqualTo("0000000");
        assertThat(text(RspPackets.expandRunLength(ascii("no runs")))).isEqualTo("no runs");
    }

    @Test
    void rejectsMalformedRunLength() {
        assertThatThrownBy(() -> RspPackets.expandRunLength(ascii("*  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start");
        assertThatThrownBy(() -> RspPackets.expandRunLength(ascii("0*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a count");
        assertThatThrownBy(() -> RspPackets.expandRunLength(new byte[] {'0', '*', 0x10}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count");
    }

    @Test
    void runLengthEncodingOfTheTestStubRoundTrips() {
        String g = "00000000".repeat(13) + "0000012000000000" + "0801000000000001";
        String encoded = FakeStub.runLengthEncode(g);
        assertThat(encoded.length()).isLessThan(g.length());
        assertThat(text(RspPackets.expandRunLength(ascii(encoded)))).isEqualTo(g);
    }

    @Test
    void hexConversion() {
        byte[] data = {0x00, 0x7f, (byte) 0x80, (byte) 0xff};
        assertThat(RspPackets.toHex(data)).isEqualTo("007f80ff");
        assertThat(RspPackets.fromHex("007F80fF")).containsExactly(data);
        assertThat(RspPackets.isHex("0a1B")).isTrue();
        assertThat(RspPackets.isHex("0a1")).isFalse();
        assertThat(RspPackets.isHex("OK")).isFalse();
        assertThat(RspPackets.isHex("")).isFalse();
        assertThatThrownBy(() -> RspPackets.fromHex("abc")).hasMessageContaining("odd");
        assertThatThrownBy(() -> RspPackets.fromHex("zz")).hasMessageContaining("not a hex");
    }

    @Test
    void textHexEncodingUsedByMonitorCommands() {
        assertThat(RspPackets.hexEncodeText("system_reset")).isEqualTo("73797374656d5f7265736574");
        assertThat(RspPackets.hexDecodeText("564d20737461747573")).isEqualTo("VM status");
    }

    @Test
    void abbreviateShowsControlBytes() {
        assertThat(RspPackets.abbreviate("\u0003")).isEqualTo("\\x03");
        assertThat(RspPackets.abbreviate("M0,1:" + "aa".repeat(100))).endsWith("(205 chars)");
    }
}
