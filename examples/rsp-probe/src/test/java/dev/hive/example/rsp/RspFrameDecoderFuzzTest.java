package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever bytes a stub or the line noise of a serial port delivers, {@link RspFrameDecoder} returns frames and
 * throws nothing: its contract has no exception. The frames must not depend on how the transport cut the
 * stream (all at once or one byte per read), and a packet we frame ourselves must come back whole: one valid
 * packet whose payload unescapes to what was sent. The payload of a valid packet unescapes or fails with the
 * documented {@link IllegalArgumentException} (a lone trailing escape byte).
 *
 * <p>Seeds: traffic in the shape QEMU's stub sends it, written by hand rather than recorded (acks, stop
 * replies, a run-length encoded register dump, escaped binary, bad checksums, noise), in {@code
 * RspFrameDecoderFuzzTestInputs/decode/}.
 */
class RspFrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void decode(byte[] wire) {
        List<RspFrame> whole = new RspFrameDecoder().feed(wire);

        RspFrameDecoder bytewise = new RspFrameDecoder();
        List<RspFrame> pieces = new ArrayList<>();
        for (int i = 0; i < wire.length; i++) {
            pieces.addAll(bytewise.feed(wire, i, 1));
        }
        assertThat(describe(pieces)).isEqualTo(describe(whole));

        for (RspFrame frame : whole) {
            switch (frame.kind()) {
                case ACK, NAK, INTERRUPT -> assertThat(frame.payload()).isEmpty();
                case PACKET, NOTIFICATION -> {
                    if (frame.checksumValid()) {
                        unescapeOrDocumentedFailure(frame.payload());
                    }
                }
            }
        }

        List<RspFrame> echoed = new RspFrameDecoder().feed(RspPackets.frame(wire));
        assertThat(echoed).hasSize(1);
        assertThat(echoed.get(0).kind()).isEqualTo(RspFrame.Kind.PACKET);
        assertThat(echoed.get(0).checksumValid()).isTrue();
        assertThat(RspPackets.unescape(echoed.get(0).payload())).isEqualTo(wire);
    }

    private static void unescapeOrDocumentedFailure(byte[] payload) {
        try {
            RspPackets.unescape(payload);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** Kind, checksum and payload of each frame, comparable with equals (records compare arrays by identity). */
    private static List<String> describe(List<RspFrame> frames) {
        List<String> out = new ArrayList<>();
        for (RspFrame f : frames) {
            out.add(f.kind() + " " + f.checksumValid() + " " + RspPackets.toHex(f.payload()));
        }
        return out;
    }
}
