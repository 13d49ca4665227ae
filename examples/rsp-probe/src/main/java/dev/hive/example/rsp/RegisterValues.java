package dev.hive.example.rsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of all registers from one {@code g} reply, decoded with the {@link
 * TargetDescription}. Values are little-endian. Registers the stub marked unavailable ({@code xx})
 * or did not send are absent.
 */
public final class RegisterValues {

    private final String rawHex;
    private final Map<String, byte[]> values = new LinkedHashMap<>();
    private final Map<Integer, String> numberToName = new LinkedHashMap<>();

    /**
     * Decodes a {@code g} reply.
     *
     * @throws IllegalArgumentException if the reply is not hex (apart from {@code x} for unavailable
     *     bytes)
     */
    public RegisterValues(TargetDescription description, String gReply) {
        this.rawHex = gReply;
        if (gReply.length() % 2 != 0) {
            throw new IllegalArgumentException("g reply has an odd number of hex digits: " + gReply.length());
        }
        int bytes = gReply.length() / 2;
        for (Register r : description.registers()) {
            int offset = description.gPacketOffset(r);
            if (offset + r.byteSize() > bytes) {
                break;
            }
            String hex = gReply.substring(2 * offset, 2 * (offset + r.byteSize()));
            if (hex.indexOf('x') >= 0 || hex.indexOf('X') >= 0) {
                continue;
            }
            values.put(r.name(), RspPackets.fromHex(hex));
            numberToName.put(r.regnum(), r.name());
        }
    }

    /** The {@code g} reply as received. */
    public String rawHex() {
        return rawHex;
    }

    /** The names of the registers present, in register-number order. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(values.keySet()));
    }

    /** Whether the snapshot holds a value for this register. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** The raw little-endian bytes of a register. */
    public Optional<byte[]> bytes(String name) {
        byte[] v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /**
     * The value of a register of at most 64 bits.
     *
     * @throws IllegalArgumentException if the register is absent or wider than 64 bits
     */
    public long get(String name) {
        byte[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "no value for register '" + name + "' in the g reply; present: " + values.keySet());
        }
        return littleEndian(name, v);
    }

    /** The value of a register of at most 64 bits, by number. */
    public long get(int regnum) {
        String name = numberToName.get(regnum);
        if (name == null) {
            throw new IllegalArgumentException("no value for register number " + regnum + " in the g reply");
        }
        return get(name);
    }

    /** All registers of at most 64 bits, by name, in register-number order. */
    public Map<String, Long> asMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        values.forEach((name, v) -> {
            if (v.length <= 8) {
                out.put(name, littleEndian(name, v));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    static long littleEndian(String name, byte[] v) {
        if (v.length > 8) {
            throw new IllegalArgumentException(
                    "register '" + name + "' is " + v.length * 8 + " bits wide; read its bytes instead");
        }
        long value = 0;
        for (int i = v.length - 1; i >= 0; i--) {
            value = (value << 8) | (v[i] & 0xff);
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RegisterValues[");
        asMap().forEach((k, v) ->
                sb.append(k).append("=0x").append(Long.toHexString(v)).append(' '));
        return sb.toString().strip() + "]";
    }
}
