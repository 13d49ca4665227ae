package dev.hive.monitor.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hive.protocol.run.Provenance;

/**
 * Reads a run's {@link Provenance} from a request: the part or field {@code provenance}. It is optional (older
 * clients send none); when sent, an unknown field, a wrong type or a value {@link Provenance} refuses is a 400
 * naming what is wrong.
 */
final class ProvenanceParser {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses provenance JSON text. */
    Provenance parse(String json) {
        try {
            return fromTree(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("provenance: malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Converts an already parsed JSON value. */
    Provenance fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw HttpError.badRequest("provenance: expected a JSON object");
        }
        try {
            return mapper.treeToValue(tree, Provenance.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException refused) {
                throw HttpError.badRequest("provenance: " + refused.getMessage());
            }
            String field =
                    e.getPath().isEmpty() ? "(provenance)" : e.getPath().get(0).getFieldName();
            throw HttpError.badRequest("provenance: bad field '" + field + "': " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("provenance: " + e.getOriginalMessage());
        }
    }
}
