package dev.hive.example.rsp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Pure encoding functions of the Remote Serial Protocol: checksums, packet framing, binary escaping,
 * run-length expansion and hex conversion. No state and no I/O.
 *
 * <p>A packet on the wire is {@code $payload#xx}, where {@code xx} is the modulo-256 sum of the
 * payload bytes as transmitted, in two lower-case hex digits. Inside binary data the bytes {@code
 * #}, {@code $}, <code>}</code> and {@code *} are sent as <code>}</code> followed by the byte XOR
 * 0x20. Replies may be run-length encoded: {@code c*n} means {@code c} followed by {@code n - 29}
 * more copies of {@code c}.
 */
public final class RspPackets {

    /** The escape byte <code>}</code>. */
    public static final int ESCAPE = 0x7d;

    /** The run-length marker {@code *}. */
    public static final int RUN_LENGTH = 0x2a;

    /** The out-of-band interrupt byte (Ctrl-C) that asks a running target to stop. */
    public static final byte INTERRUPT = 0x03;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RspPackets() {}

    /** The RSP checksum: the sum of the bytes modulo 256. */
    public static int checksum(byte[] data) {
        return checksum(data, 0, data.length);
    }

    /** The RSP checksum of {@code length} bytes of {@code data} starting at {@code offset}. */
    public static int checksum(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += data[i] & 0xff;
        }
        return sum & 0xff;
    }

    /** Whether {@code b} must be escaped inside a packet. */
    public static boolean needsEscape(int b) {
        int v = b & 0xff;
        return v == '#' || v == '$' || v == ESCAPE || v == RUN_LENGTH;
    }

    /** Escapes {@code #}, {@code $}, <code>}</code> and {@code *}. */
    public static byte[] escape(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
        for (byte b : data) {
            if (needsEscape(b)) {
                out.write(ESCAPE);
                out.write((b & 0xff) ^ 0x20);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** How many bytes {@code data[offset, offset+length)} takes after {@link #escape}. */
    public static int escapedLength(byte[] data, int offset, int length) {
        int n = length;
        for (int i = offset; i < offset + length; i++) {
            if (needsEscape(data[i])) {
                n++;
            }
        }
        return n;
    }

    /**
     * Reverses {@link #escape}.
     *
     * @throws IllegalArgumentException if the data ends in a lone escape byte
     */
    public static byte[] unescape(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        for (int i = 0; i < data.length; i++) {
            int b = data[i] & 0xff;
            if (b == ESCAPE) {
                if (i + 1 >= data.length) {
                    throw new IllegalArgumentException("binary data ends in a lone escape byte '}'");
                }
                out.write((data[++i] & 0xff) ^ 0x20);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /**
     * Expands run-length encoding: {@code c*n} becomes {@code c} repeated {@code 1 + (n - 29)} times.
     *
     * @throws IllegalArgumentException if a {@code *} has no preceding byte, no count, or a count
     *     below 3 (a count byte below the space character)
     */
    public static byte[] expandRunLength(byte[] raw) {
        ByteArrayOutputStream out = null;
        int last = -1;
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i] & 0xff;
            if (b != RUN_LENGTH) {
                if (out != null) {
                    out.write(b);
                }
                last = b;
                continue;
            }
            if (out == null) {
                out = new ByteArrayOutputStream(raw.length * 2);
                out.write(raw, 0, i);
            }
            if (last < 0) {
                throw new IllegalArgumentException("run-length marker '*' at the start of a packet");
            }
            if (i + 1 >= raw.length) {
                throw new IllegalArgumentException("run-length marker '*' without a count");
            }
            int count = (raw[++i] & 0xff) - 29;
            if (count < 3 || count > 97) {
                throw new IllegalArgumentException("invalid run-length count byte 0x" + hexByte(raw[i] & 0xff));
            }
            for (int k = 0; k < count; k++) {
                out.write(last);
            }
        }
        return out == null ? raw : out.toByteArray();
    }

    /** Frames a payload as {@code $escaped-payload#xx}. */
    public static byte[] frame(byte[] payload) {
        byte[] body = escape(payload);
        int sum = checksum(body);
        byte[] framed = new byte[body.length + 4];
        framed[0] = '$';
        System.arraycopy(body, 0, framed, 1, body.length);
        framed[body.length + 1] = '#';
        framed[body.length + 2] = (byte) HEX[sum >> 4];
        framed[body.length + 3] = (byte) HEX[sum & 0xf];
        return framed;
    }

    /** Frames an ASCII payload as {@code $payload#xx}. */
    public static byte[] frame(String payload) {
        return frame(payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Lower-case hex of the bytes, two digits per byte. */
    public static String toHex(byte[] data) {
        return toHex(data, 0, data.length);
    }

    /** Lower-case hex of {@code length} bytes starting at {@code offset}. */
    public static String toHex(byte[] data, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = data[offset + i] & 0xff;
            out[2 * i] = HEX[b >> 4];
            out[2 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }

    /**
     * Parses hex digits (either case) into bytes.
     *
     * @throws IllegalArgumentException on an odd length or a non-hex character
     */
    public static byte[] fromHex(CharSequence hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + abbreviate(hex.toString()));
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex string: " + abbreviate(hex.toString()));
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** Whether the string is a non-empty, even-length run of hex digits. */
    public static boolean isHex(CharSequence s) {
        if (s.length() == 0 || s.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Hex-encodes text as ISO-8859-1 bytes (the form {@code qRcmd} and {@code O} packets use). */
    public static String hexEncodeText(String text) {
        return toHex(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Decodes hex into text (ISO-8859-1, so every byte maps to one character). */
    public static String hexDecodeText(CharSequence hex) {
        return new String(fromHex(hex), StandardCharsets.ISO_8859_1);
    }

    /** Two lower-case hex digits. */
    static String hexByte(int b) {
        return String.valueOf(new char[] {HEX[(b >> 4) & 0xf], HEX[b & 0xf]});
    }

    /** Cuts long payloads for messages; non-printable bytes become {@code \xNN}. */
    static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        int limit = 60;
        for (int i = 0; i < s.length() && i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                sb.append("\\x").append(hexByte(c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > limit) {
            sb.append("...(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }
}
