package dev.hive.example.rsp;

import java.nio.charset.StandardCharsets;

/**
 * One unit read off the wire by {@link RspFrameDecoder}.
 *
 * @param kind what arrived
 * @param payload for {@link Kind#PACKET} and {@link Kind#NOTIFICATION}: the payload with run-length
 *     encoding expanded (binary escapes are left in place, since only some replies are binary); an
 *     empty array for the single-byte kinds
 * @param checksumValid whether the checksum matched (always {@code true} for single-byte kinds)
 */
public record RspFrame(Kind kind, byte[] payload, boolean checksumValid) {

    /** What kind of unit arrived. */
    public enum Kind {
        /** {@code +}: the peer received our last packet. */
        ACK,
        /** {@code -}: the peer wants our last packet again. */
        NAK,
        /** {@code $...#xx}: a packet. */
        PACKET,
        /** {@code %...#xx}: an asynchronous notification (non-stop mode). */
        NOTIFICATION,
        /** A bare 0x03 byte (only a stub ever receives this). */
        INTERRUPT
    }

    private static final byte[] EMPTY = new byte[0];

    static final RspFrame ACK = new RspFrame(Kind.ACK, EMPTY, true);
    static final RspFrame NAK = new RspFrame(Kind.NAK, EMPTY, true);
    static final RspFrame INTERRUPT = new RspFrame(Kind.INTERRUPT, EMPTY, true);

    /** The payload as text, one character per byte (ISO-8859-1). */
    public String payloadText() {
        return new String(payload, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ACK -> "+";
            case NAK -> "-";
            case INTERRUPT -> "\\x03";
            case PACKET, NOTIFICATION -> (kind == Kind.PACKET ? "$" : "%")
                    + RspPackets.abbreviate(payloadText())
                    + (checksumValid ? "" : " (bad checksum)");
        };
    }
}
