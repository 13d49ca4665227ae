package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RspFrameDecoderTest {

    private final RspFrameDecoder decoder = new RspFrameDecoder();

    private List<RspFrame> feed(String s) {
        return decoder.feed(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String describe(List<RspFrame> frames) {
        List<String> out = new ArrayList<>();
        frames.forEach(f -> out.add(f.toString()));
        return String.join(" ", out);
    }

    @Test
    void decodesAPacket() {
        List<RspFrame> frames = feed("$OK#9a");
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).kind()).isEqualTo(RspFrame.Kind.PACKET);
        assertThat(frames.get(0).payloadText()).isEqualTo("OK");
        assertThat(frames.get(0).checksumValid()).isTrue();
    }

    @Test
    void keepsPartialPacketsBetweenFeeds() {
        String wire = "+$T05thread:p01.01;#06";
        List<RspFrame> frames = new ArrayList<>();
        for (char c : wire.toCharArray()) {
            frames.addAll(feed(String.valueOf(c)));
        }
        assertThat(describe(frames)).isEqualTo("+ $T05thread:p01.01;");
        assertThat(decoder.inPacket()).isFalse();
    }

    @Test
    void acksNaksAndInterrupts() {
        assertThat(describe(feed("+-\u0003+"))).isEqualTo("+ - \\x03 +");
    }

    @Test
    void unsolicitedStopBeforeTheAckAndTheReplyKeepTheirOrder() {
        // what QEMU can send after a client connects to a running VM and sends qSupported
        String stop = new String(RspPackets.frame("T02thread:01;"), StandardCharsets.ISO_8859_1);
        String reply = new String(RspPackets.frame("PacketSize=1000"), StandardCharsets.ISO_8859_1);
        List<RspFrame> frames = feed(stop + "+" + reply);
        assertThat(describe(frames)).isEqualTo("$T02thread:01; + $PacketSize=1000");
    }

    @Test
    void flagsBadChecksums() {
        List<RspFrame> frames = feed("$OK#00$OK#zz$OK#9A");
        assertThat(frames).extracting(RspFrame::checksumValid).containsExactly(false, false, true);
    }

    @Test
    void skipsNoiseOutsidePackets() {
        assertThat(describe(feed("garbage\r\n$OK#9a"))).isEqualTo("$OK");
        assertThat(decoder.skippedBytes()).isEqualTo(9);
    }

    @Test
    void dollarInsideAPacketRestartsIt() {
        assertThat(describe(feed("$broken$OK#9a"))).isEqualTo("$OK");
    }

    @Test
    void expandsRunLengthAfterCheckingTheChecksumOfTheRawBytes() {
        byte[] raw = "0* ".getBytes(StandardCharsets.ISO_8859_1);
        String wire = "$0* #" + RspPackets.hexByte(RspPackets.checksum(raw));
        List<RspFrame> frames = feed(wire);
        assertThat(frames.get(0).checksumValid()).isTrue();
        assertThat(frames.get(0).payloadText()).isEqualTo("0000");
    }

    @Test
    void invalidRunLengthMakesThePacketInvalid() {
        byte[] raw = "*".getBytes(StandardCharsets.ISO_8859_1);
        String wire = "$*#" + RspPackets.hexByte(RspPackets.checksum(raw));
        assertThat(feed(wire).get(0).checksumValid()).isFalse();
    }

    @Test
    void leavesBinaryEscapesInPlace() {
        byte[] framed = RspPackets.frame(new byte[] {'l', '#'});
        RspFrame f = decoder.feed(framed).get(0);
        assertThat(f.payload()).containsExactly('l', '}', 0x03);
        assertThat(RspPackets.unescape(f.payload())).containsExactly('l', '#');
    }

    @Test
    void decodesNotifications() {
        byte[] body = "Stop:T05".getBytes(StandardCharsets.ISO_8859_1);
        List<RspFrame> frames = feed("%Stop:T05#" + RspPackets.hexByte(RspPackets.checksum(body)));
        assertThat(frames.get(0).kind()).isEqualTo(RspFrame.Kind.NOTIFICATION);
        assertThat(frames.get(0).payloadText()).isEqualTo("Stop:T05");
    }

    @Test
    void dropsOversizedPackets() {
        StringBuilder sb = new StringBuilder("$");
        sb.append("a".repeat(RspFrameDecoder.MAX_PAYLOAD + 10)).append("#00");
        List<RspFrame> frames = feed(sb.toString());
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).checksumValid()).isFalse();
        assertThat(frames.get(0).payload()).isEmpty();
        assertThat(describe(feed("$OK#9a"))).isEqualTo("$OK");
    }
}
