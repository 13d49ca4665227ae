package dev.hive.protocol.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns run events into WebSocket text frames and back. Decoding ignores unknown fields, so a client keeps
 * working when a newer monitor adds some; an unknown event type is an error the client may skip. Thread-safe.
 */
public final class RunEventCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** {@code event} as one compact JSON object. */
    public String encode(RunEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** {@code event} as one compact JSON object with its sequence number {@code seq} next to {@code type}. */
    public String encode(long seq, RunEvent event) {
        ObjectNode node = mapper.valueToTree(event);
        ObjectNode framed = mapper.createObjectNode();
        framed.set(RunEvent.TYPE_FIELD, node.remove(RunEvent.TYPE_FIELD));
        framed.put(RunFrame.SEQ_FIELD, seq);
        framed.setAll(node);
        try {
            return mapper.writeValueAsString(framed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * The event a frame holds and its sequence number (0 when the frame has none).
     *
     * @throws IllegalArgumentException if the frame is not a run event this codec knows, with the reason
     */
    public RunFrame decodeFrame(String frame) {
        try {
            JsonNode node = mapper.readTree(frame);
            long seq = node.path(RunFrame.SEQ_FIELD).asLong(0);
            return new RunFrame(Math.max(0, seq), mapper.treeToValue(node, RunEvent.class));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a run event: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The event a frame holds.
     *
     * @throws IllegalArgumentException if the frame is not a run event this codec knows, with the reason
     */
    public RunEvent decode(String frame) {
        try {
            return mapper.readValue(frame, RunEvent.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a run event: " + e.getOriginalMessage(), e);
        }
    }
}
