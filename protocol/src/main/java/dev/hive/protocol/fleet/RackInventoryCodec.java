package dev.hive.protocol.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes a {@link RackInventory} as the UTF-8 JSON value of its bucket entry. Unknown fields are
 * ignored, so an older monitor reads what a newer one wrote.
 */
public final class RackInventoryCodec {

    private final ObjectMapper mapper =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public byte[] encode(RackInventory inventory) {
        try {
            return mapper.writeValueAsBytes(inventory);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the inventory of " + inventory.rackId(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong when {@code json} is not an inventory
     */
    public RackInventory decode(byte[] json) {
        try {
            return mapper.readValue(json, RackInventory.class);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(
                    "not a rack inventory: " + reason + " in " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
