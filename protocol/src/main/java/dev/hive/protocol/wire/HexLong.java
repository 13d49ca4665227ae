package dev.hive.protocol.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A 64-bit identifier on the wire: exactly 16 lower-case hex digits, such as {@code 8dc1dc22b8c201db}. A
 * JSON number would lose bits in JavaScript readers (the web UI) and hide the sign question; the hex string
 * is also how the testprogram's {@code HIVE_UID} define spells it. A value that is not such a string fails
 * with {@code HexLong.class} as the target type, which the IPC codec turns into "must be 16 lower-case hex
 * digits".
 */
public final class HexLong {

    /** The number of hex digits of every value. */
    public static final int DIGITS = 16;

    private HexLong() {}

    /** {@code value} as 16 lower-case hex digits. */
    public static String format(long value) {
        return "%016x".formatted(value);
    }

    /** Whether {@code text} is exactly 16 lower-case hex digits. */
    public static boolean isValid(String text) {
        if (text.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The value of 16 lower-case hex digits; an {@link IllegalArgumentException} for anything else. */
    public static long parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("'%s' is not 16 lower-case hex digits".formatted(text));
        }
        return Long.parseUnsignedLong(text, 16);
    }

    /** Writes {@link #format(long)}. */
    public static final class Serializer extends StdSerializer<Long> {
        public Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    /** Reads {@link #parse(String)}. */
    public static final class Deserializer extends StdDeserializer<Long> {
        public Deserializer() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Long) ctxt.handleUnexpectedToken(HexLong.class, p);
            }
            String text = p.getText();
            if (!isValid(text)) {
                return (Long) ctxt.handleWeirdStringValue(HexLong.class, text, "not 16 lower-case hex digits");
            }
            return Long.parseUnsignedLong(text, 16);
        }
    }
}
