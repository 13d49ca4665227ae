package dev.hive.protocol.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An {@link Instant} on the wire: an ISO-8601 string such as {@code 2026-11-21T22:15:03.125Z}. Instant
 * components name this class's {@link Serializer} and {@link Deserializer} in their Jackson annotations, so
 * no Java-time module is needed (the runner stays small) and every mapper writes the same text. A value that
 * is not such a string fails with {@code IsoInstant.class} as the target type, which the IPC codec turns
 * into "must be an ISO-8601 instant".
 */
public final class IsoInstant {

    private IsoInstant() {}

    /** Writes {@link Instant#toString()}. */
    public static final class Serializer extends StdSerializer<Instant> {
        public Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    /** Reads a string with {@link Instant#parse(CharSequence)}. */
    public static final class Deserializer extends StdDeserializer<Instant> {
        public Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(IsoInstant.class, p);
            }
            String text = p.getText();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(IsoInstant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}
