package dev.hive.example.rsp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental decoder that turns the byte stream of an RSP connection into {@link RspFrame}s.
 * Feed it whatever the transport returned; it keeps partial packets between calls.
 *
 * <p>Outside a packet, {@code +} and {@code -} are acknowledgements, 0x03 is an interrupt and all
 * other bytes are line noise and are skipped. A {@code $} inside a packet restarts the packet (the
 * peer gave up on the previous one). A packet whose checksum does not match is still returned, with
 * {@link RspFrame#checksumValid()} false, so the caller can answer {@code -}.
 *
 * <p>Not thread-safe.
 */
public final class RspFrameDecoder {

    /** Packets larger than this are dropped: no stub sends them, and memory must stay bounded. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private enum State {
        IDLE,
        PAYLOAD,
        CHECKSUM_HIGH,
        CHECKSUM_LOW
    }

    private final ByteArrayOutputStream payload = new ByteArrayOutputStream(256);
    private State state = State.IDLE;
    private RspFrame.Kind packetKind = RspFrame.Kind.PACKET;
    private int sum;
    private int received;
    private boolean overflow;
    private long skippedBytes;

    /** Decodes a whole buffer; convenience for tests. */
    public List<RspFrame> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Decodes {@code length} bytes and returns the frames they completed, in order. */
    public List<RspFrame> feed(byte[] data, int offset, int length) {
        List<RspFrame> frames = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            RspFrame frame = accept(data[i] & 0xff);
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** Whether the decoder is in the middle of a packet. */
    public boolean inPacket() {
        return state != State.IDLE;
    }

    /** How many noise bytes were skipped outside packets so far. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Forgets a partial packet. */
    public void reset() {
        state = State.IDLE;
        payload.reset();
        overflow = false;
    }

    private RspFrame accept(int b) {
        switch (state) {
            case IDLE:
                switch (b) {
                    case '+':
                        return RspFrame.ACK;
                    case '-':
                        return RspFrame.NAK;
                    case 0x03:
                        return RspFrame.INTERRUPT;
                    case '$':
                        startPacket(RspFrame.Kind.PACKET);
                        return null;
                    case '%':
                        startPacket(RspFrame.Kind.NOTIFICATION);
                        return null;
                    default:
                        skippedBytes++;
                        return null;
                }
            case PAYLOAD:
                if (b == '#') {
                    state = State.CHECKSUM_HIGH;
                } else if (b == '$') {
                    startPacket(RspFrame.Kind.PACKET);
                } else {
                    sum = (sum + b) & 0xff;
                    if (payload.size() < MAX_PAYLOAD) {
                        payload.write(b);
                    } else {
                        overflow = true;
                    }
                }
                return null;
            case CHECKSUM_HIGH:
                received = Character.digit(b, 16) << 4;
                state = State.CHECKSUM_LOW;
                if (received < 0) {
                    received = -1;
                }
                return null;
            case CHECKSUM_LOW:
                state = State.IDLE;
                int low = Character.digit(b, 16);
                boolean valid = received >= 0 && low >= 0 && ((received | low) == sum) && !overflow;
                byte[] raw = payload.toByteArray();
                payload.reset();
                if (overflow) {
                    overflow = false;
                    raw = new byte[0];
                }
                if (valid) {
                    try {
                        raw = RspPackets.expandRunLength(raw);
                    } catch (IllegalArgumentException e) {
                        valid = false;
                    }
                }
                return new RspFrame(packetKind, raw, valid);
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private void startPacket(RspFrame.Kind kind) {
        packetKind = kind;
        payload.reset();
        overflow = false;
        sum = 0;
        state = State.PAYLOAD;
    }
}
