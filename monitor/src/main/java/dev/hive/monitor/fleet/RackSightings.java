package dev.hive.monitor.fleet;

import static dev.hive.monitor.db.generated.Tables.FLEET_RACKS;

import dev.hive.monitor.db.Database;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.RackInventoryCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The racks a front saw live, with their last inventory and when (table {@code fleet_racks}, migration V7), so a
 * front that restarts still lists a rack that went away as gone. Plain blocking calls; see {@link Database}.
 */
public final class RackSightings {

    private static final Logger LOG = LoggerFactory.getLogger(RackSightings.class);

    /** A rack as last seen live. */
    public record Sighting(RackInventory inventory, Instant lastLive) {}

    private final Database db;
    private final RackInventoryCodec codec = new RackInventoryCodec();

    public RackSightings(Database db) {
        this.db = db;
    }

    /** Records the racks seen live at {@code at}; forgets the sightings older than {@code forgetBefore}. */
    void seen(List<RackInventory> live, Instant at, Instant forgetBefore) {
        db.write(d -> {
            for (RackInventory r : live) {
                String json = new String(codec.encode(r), StandardCharsets.UTF_8);
                d.insertInto(FLEET_RACKS)
                        .set(FLEET_RACKS.RACK_ID, r.rackId())
                        .set(FLEET_RACKS.INVENTORY, json)
                        .set(FLEET_RACKS.LAST_LIVE, at.toEpochMilli())
                        .onConflict(FLEET_RACKS.RACK_ID)
                        .doUpdate()
                        .set(FLEET_RACKS.INVENTORY, json)
                        .set(FLEET_RACKS.LAST_LIVE, at.toEpochMilli())
                        .execute();
            }
            return d.deleteFrom(FLEET_RACKS)
                    .where(FLEET_RACKS.LAST_LIVE.lt(forgetBefore.toEpochMilli()))
                    .execute();
        });
    }

    /** The racks seen live at or after {@code since}; a stored inventory that no longer decodes is skipped. */
    List<Sighting> since(Instant since) {
        List<Sighting> out = new ArrayList<>();
        db.read(d -> d.selectFrom(FLEET_RACKS)
                        .where(FLEET_RACKS.LAST_LIVE.ge(since.toEpochMilli()))
                        .orderBy(FLEET_RACKS.RACK_ID)
                        .fetch())
                .forEach(r -> {
                    try {
                        out.add(new Sighting(
                                codec.decode(r.getInventory().getBytes(StandardCharsets.UTF_8)),
                                Instant.ofEpochMilli(r.getLastLive())));
                    } catch (IllegalArgumentException e) {
                        LOG.warn(
                                "fleet: the stored inventory of rack {} is unreadable: {}",
                                r.getRackId(),
                                e.getMessage());
                    }
                });
        return out;
    }
}
