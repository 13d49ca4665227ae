package dev.hive.protocol.ipc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.hive.protocol.wire.HexLong;
import dev.hive.protocol.wire.IsoInstant;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what Jackson says about a message that does not fit its record into a sentence that names the
 * message type and the field, such as "field 'channel' of 'connect' must be an integer". The JSON tree of
 * the message tells a missing field from an explicit null.
 */
final class DecodeErrors {

    private DecodeErrors() {}

    static IpcProtocolException translate(String type, JsonNode message, JacksonException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String text = describe(type, message, field, e);
        return new IpcProtocolException(text, e);
    }

    private static String describe(String type, JsonNode message, String field, JacksonException e) {
        if (e instanceof InvalidNullException && !field.isEmpty()) {
            JsonNode value = at(message, ((JsonMappingException) e).getPath());
            return value == null || value.isMissingNode()
                    ? "message '%s' is missing required field '%s'".formatted(type, field)
                    : "field '%s' of '%s' must not be null".formatted(field, type);
        }
        if (e instanceof ValueInstantiationException) {
            String reason = rootCause(e).getMessage();
            return field.isEmpty()
                    ? "message '%s' is invalid: %s".formatted(type, reason)
                    : "message '%s' is invalid at '%s': %s".formatted(type, field, reason);
        }
        InputCoercionException overflow = find(e, InputCoercionException.class);
        if (overflow != null && !field.isEmpty()) {
            return "field '%s' of '%s' must be %s".formatted(field, type, range(overflow.getTargetType()));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && !field.isEmpty()) {
            return "field '%s' of '%s' must be %s".formatted(field, type, expected(m.getTargetType()));
        }
        String where = field.isEmpty() ? "" : " at '" + field + "'";
        return "message '%s' could not be decoded%s: %s".formatted(type, where, e.getOriginalMessage());
    }

    /** The field a path points at, as {@code rack.channels[0].probe.serial}. */
    private static String path(JsonMappingException e) {
        var text = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                text.append('[').append(ref.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static JsonNode at(JsonNode node, List<JsonMappingException.Reference> path) {
        for (JsonMappingException.Reference ref : path) {
            if (node == null) {
                return null;
            }
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    /** What a value of {@code type} looks like, in words. */
    static String expected(Class<?> type) {
        if (type == IsoInstant.class || type == Instant.class) {
            return "an ISO-8601 instant such as 2026-11-21T22:15:03.125Z";
        }
        if (type == HexLong.class) {
            return "16 lower-case hex digits";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (isInteger(type)) {
            return "an integer";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> ((Enum<?>) c).name())
                            .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "an integer between %d and %d".formatted(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == long.class || type == Long.class) {
            return "an integer between %d and %d".formatted(Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return type == null ? "a smaller number" : expected(type);
    }

    private static boolean isInteger(Class<?> type) {
        return type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == short.class
                || type == Short.class
                || type == BigInteger.class;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
