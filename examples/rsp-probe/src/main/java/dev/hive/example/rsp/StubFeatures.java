package dev.hive.example.rsp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stub's answer to {@code qSupported}, for example QEMU 7.2's {@code
 * PacketSize=1000;qXfer:features:read+;vContSupported+;multiprocess+}.
 *
 * @param raw the reply as received (empty if the stub does not know {@code qSupported})
 * @param features each feature name mapped to {@code +}, {@code -}, {@code ?} or its value
 */
public record StubFeatures(String raw, Map<String, String> features) {

    /** Packet size assumed when the stub does not announce one. */
    public static final int DEFAULT_PACKET_SIZE = 400;

    public StubFeatures {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** Parses a {@code qSupported} reply. */
    public static StubFeatures parse(String reply) {
        Map<String, String> map = new LinkedHashMap<>();
        if (!reply.isEmpty()) {
            for (String item : reply.split(";")) {
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq >= 0) {
                    map.put(item.substring(0, eq), item.substring(eq + 1));
                } else {
                    char last = item.charAt(item.length() - 1);
                    if (last == '+' || last == '-' || last == '?') {
                        map.put(item.substring(0, item.length() - 1), String.valueOf(last));
                    } else {
                        map.put(item, "+");
                    }
                }
            }
        }
        return new StubFeatures(reply, map);
    }

    /** Whether the stub announced {@code name+}. */
    public boolean supports(String name) {
        return "+".equals(features.get(name));
    }

    /** Whether the stub explicitly announced {@code name-}. */
    public boolean refuses(String name) {
        return "-".equals(features.get(name));
    }

    /** The value of {@code name=value}. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(features.get(name));
    }

    /**
     * The largest packet the stub accepts, in bytes ({@code PacketSize} is hex), or {@link
     * #DEFAULT_PACKET_SIZE} if not announced or unparsable.
     */
    public int packetSize() {
        String v = features.get("PacketSize");
        if (v == null) {
            return DEFAULT_PACKET_SIZE;
        }
        try {
            int size = Integer.parseInt(v, 16);
            return size >= 64 ? size : DEFAULT_PACKET_SIZE;
        } catch (NumberFormatException e) {
            return DEFAULT_PACKET_SIZE;
        }
    }
}
