package dev.hive.protocol.fleet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the fleet's work messages ({@link Shard}) and their events ({@link ShardEvent}) as UTF-8
 * JSON. Unknown fields are ignored, so an older monitor reads what a newer one wrote. Thread-safe.
 */
public final class FleetCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public byte[] encode(Object message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a shard, with the reason */
    public Shard shard(byte[] data) {
        return decode(data, Shard.class);
    }

    /** @throws IllegalArgumentException when the bytes are not a shard event, with the reason */
    public ShardEvent event(byte[] data) {
        return decode(data, ShardEvent.class);
    }

    private <T> T decode(byte[] data, Class<T> type) {
        try {
            return mapper.readValue(data, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
