package dev.hive.monitor.fleet;

import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.RackInventoryCodec;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live racks of the fleet: the entries of the {@code hive-racks} bucket (an entry that was not refreshed
 * within the bucket's TTL is gone, so every entry read is a live rack). Reads block: call from a worker. A front's
 * dispatcher, watchdog and roster share one board, whose every read is heard by the roster (so the front
 * remembers a rack it saw live whoever read it).
 */
public final class FleetBoard {

    private static final Logger LOG = LoggerFactory.getLogger(FleetBoard.class);

    private final RackInventoryCodec codec = new RackInventoryCodec();
    private final Consumer<List<RackInventory>> onRead;

    /** A board whose reads nobody hears (a rack's, a test's). */
    public FleetBoard() {
        this(racks -> {});
    }

    /** @param onRead hears the live racks of each successful read, on the reading thread; keep it short */
    public FleetBoard(Consumer<List<RackInventory>> onRead) {
        this.onRead = onRead;
    }

    /** The live racks' inventories; empty when the bucket does not exist yet. */
    public List<RackInventory> live(Connection connection) throws IOException, JetStreamApiException {
        List<RackInventory> racks = new ArrayList<>();
        // The bucket's keys come from its stream's subjects, in one request that answers whole or throws.
        // KeyValue.keys() reads them through a consumer and returns what came within the request timeout: on a
        // loaded hub a partial list, which made live racks look lost.
        StreamInfo info;
        try {
            info = connection
                    .jetStreamManagement()
                    .getStreamInfo(
                            "KV_" + InventoryPublisher.BUCKET,
                            StreamInfoOptions.builder().allSubjects().build());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                onRead.accept(List.of());
                return racks;
            }
            throw e;
        }
        KeyValue bucket = connection.keyValue(InventoryPublisher.BUCKET);
        String prefix = "$KV." + InventoryPublisher.BUCKET + ".";
        List<Subject> subjects = info.getStreamState().getSubjects();
        for (Subject subject : subjects == null ? List.<Subject>of() : subjects) {
            if (!subject.getName().startsWith(prefix)) {
                continue;
            }
            String key = subject.getName().substring(prefix.length());
            KeyValueEntry entry = bucket.get(key);
            if (entry == null || entry.getValue() == null) {
                continue;
            }
            try {
                racks.add(codec.decode(entry.getValue()));
            } catch (IllegalArgumentException e) {
                LOG.warn("the fleet's entry for rack '{}' is not an inventory: {}", key, e.getMessage());
            }
        }
        onRead.accept(List.copyOf(racks));
        return racks;
    }
}
