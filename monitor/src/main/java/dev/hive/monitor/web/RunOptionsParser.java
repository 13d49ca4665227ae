package dev.hive.monitor.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.protocol.run.RunOptions;
import java.util.stream.Collectors;

/**
 * Reads the protocol's {@link RunOptions} from a request. Missing timeouts take the configured defaults; an
 * unknown field, a wrong type or an invalid value is a 400 naming the field.
 */
final class RunOptionsParser {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final MonitorConfig.Limits limits;

    RunOptionsParser(MonitorConfig.Limits limits) {
        this.limits = limits;
    }

    /** The defaults, used when a request sends no options. */
    RunOptions defaults() {
        return new RunOptions(
                null, null, limits.testTimeout().toMillis(), limits.runTimeout().toMillis());
    }

    /** Parses options JSON text. */
    RunOptions parse(String json) {
        try {
            return fromTree(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("options: malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Converts an already parsed JSON value. */
    RunOptions fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw HttpError.badRequest("options: expected a JSON object");
        }
        ObjectNode options = ((ObjectNode) tree).deepCopy();
        if (!options.has("testTimeoutMillis")) {
            options.put("testTimeoutMillis", limits.testTimeout().toMillis());
        }
        if (!options.has("runTimeoutMillis")) {
            options.put("runTimeoutMillis", limits.runTimeout().toMillis());
        }
        try {
            return mapper.treeToValue(options, RunOptions.class);
        } catch (JsonMappingException e) {
            throw HttpError.badRequest("options: bad field '" + field(e) + "': " + rootMessage(e));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw HttpError.badRequest("options: " + e.getMessage());
        }
    }

    /** The options as stored with the run. */
    String toJson(RunOptions options) {
        try {
            return mapper.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write run options", e);
        }
    }

    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "(options)" : path.replace(".[", "[");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
        return message == null ? t.toString() : message;
    }
}
