package dev.hive.protocol.listing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Writes and reads the lines of a runner's listing. Reading ignores unknown fields. Thread-safe. */
public final class ListingCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** {@code line} as one compact JSON object. */
    public String encode(ListingLine line) {
        try {
            return mapper.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + line.getClass().getSimpleName(), e);
        }
    }

    /**
     * The listing line {@code text} holds.
     *
     * @throws IllegalArgumentException if it is not one, with the reason
     */
    public ListingLine decode(String text) {
        try {
            return mapper.readValue(text, ListingLine.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a listing line: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a listing line: " + e.getMessage(), e);
        }
    }
}
