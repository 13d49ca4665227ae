package dev.hive.protocol.ipc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Turns messages into lines and lines into messages. Encoding writes one compact JSON object without a line
 * break (string contents are escaped). Decoding is strict, because the runner is untrusted: no coercion
 * between strings, numbers and booleans, no fractions for integers, no numbers for enums, no duplicate keys,
 * nothing after the object; unknown fields are ignored. Every failure is an {@link IpcProtocolException}
 * naming the message type and field. Thread-safe: one codec may serve every reader and writer of a process.
 *
 * <p>A codec builds the serializer or deserializer of a message type at that type's first use and keeps it: tens
 * of milliseconds for a welcome even in a warm JVM. So every reader and writer of a process shares {@link
 * #shared()} unless it is given a codec of its own, and a conversation after the first pays nothing for it.
 */
public final class IpcCodec {

    private final ObjectMapper mapper;

    /** The process's codec; what {@link IpcReader} and {@link IpcWriter} use when given none. */
    public static IpcCodec shared() {
        return Shared.CODEC;
    }

    /** Made at the first call of {@link #shared()}. */
    private static final class Shared {
        static final IpcCodec CODEC = new IpcCodec();
    }

    public IpcCodec() {
        JsonFactory factory = JsonFactory.builder()
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(IpcLimits.MAX_NESTING_DEPTH)
                        .maxStringLength(IpcLimits.MAX_LINE_BYTES)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .build();
        // A number or a boolean where a string belongs is a wrong type, not something to stringify.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // An empty string is not an enum constant, an instant, a number or an object.
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }

    /** {@code message} as one line of JSON, without the terminating {@code '\n'}. */
    public String encode(IpcMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            // The records are ours; failing to write one is a defect in this module, not in the peer.
            throw new IllegalStateException("cannot encode a '" + message.type() + "' message", e);
        }
    }

    /**
     * The message a line holds.
     *
     * @param line one line without its terminating {@code '\n'}
     * @throws IpcProtocolException if the line is not a message of this protocol
     */
    public IpcMessage decode(String line) throws IpcProtocolException {
        if (line.isBlank()) {
            throw new IpcProtocolException("line is empty; every line must be one JSON object");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(line);
        } catch (JsonEOFException e) {
            throw new IpcProtocolException("line is not valid JSON: it ends inside a value", e);
        } catch (JacksonException e) {
            throw new IpcProtocolException("line is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IpcProtocolException("line is not a JSON object");
        }
        String type = typeOf(tree);
        Class<? extends IpcMessage> recordClass = IpcMessage.typeClass(type)
                .orElseThrow(() -> new IpcProtocolException("unknown message type '%s' (known: %s)"
                        .formatted(shorten(type), String.join(", ", IpcMessage.typeNames()))));
        try {
            return mapper.treeToValue(tree, recordClass);
        } catch (JacksonException e) {
            throw DecodeErrors.translate(type, tree, e);
        }
    }

    private static String typeOf(JsonNode tree) throws IpcProtocolException {
        JsonNode type = tree.get(IpcMessage.TYPE_FIELD);
        if (type == null || type.isNull()) {
            throw new IpcProtocolException("message is missing required field 'type'");
        }
        if (!type.isTextual()) {
            throw new IpcProtocolException("field 'type' must be a string");
        }
        return type.textValue();
    }

    /** A peer's text for an error message: at most 64 characters, control characters escaped. */
    private static String shorten(String text) {
        String head = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        var out = new StringBuilder();
        head.chars().forEach(c -> out.append(Character.isISOControl(c) ? "\\u%04x".formatted(c) : (char) c));
        return out.toString();
    }
}
