package dev.hive.protocol.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

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
