package dev.hive.monitor.fleet;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.fleet.RackInventoryCodec;
import dev.hive.protocol.run.RunPhase;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this rack's inventory in the hub's {@value #BUCKET} key-value bucket (key = rack id). Entries live
 * for the bucket's TTL, so the publisher rewrites the entry every third of it, and at once when something
 * the monitor knows changed: a run's phase or end, the queue, the rack reloaded, the hub (re)connected. A
 * monitor that dies stops refreshing and its entry expires. The writes block (a JetStream request), so they
 * run on the publisher's own thread, {@code hive-fleet-inventory}; a burst of changes is one write.
 */
public final class InventoryPublisher implements RunObserver, AutoCloseable {

    /** The bucket every rack of a fleet writes its inventory into. */
    public static final String BUCKET = "hive-racks";

    private static final Logger LOG = LoggerFactory.getLogger(InventoryPublisher.class);

    /**
     * After a failed publish (a hub whose JetStream is not ready yet after a restart answers with a timeout) the
     * next try comes after this, doubling up to a third of the TTL, instead of only at the next regular refresh.
     */
    private static final long FIRST_RETRY_MILLIS = 500;

    private final FleetLink link;
    private final InventoryReader reader;
    private final Duration ttl;
    private final RackInventoryCodec codec = new RackInventoryCodec();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hive-fleet-inventory");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean bucketChecked;
    private boolean failing;
    private long retryMillis = FIRST_RETRY_MILLIS;

    public InventoryPublisher(FleetLink link, InventoryReader reader, Duration ttl) {
        this.link = link;
        this.reader = reader;
        this.ttl = ttl;
    }

    /** Publishes on every (re)connection and every third of the TTL from now on. */
    public void start() {
        link.onConnected(() -> {
            bucketChecked = false; // a hub restarted on empty storage has lost the bucket
            changed();
        });
        thread.scheduleAtFixedRate(this::publish, period(), period(), TimeUnit.MILLISECONDS);
    }

    private long period() {
        return Math.max(1, ttl.toMillis() / 3);
    }

    /** Something in the inventory may have changed: publish soon (on the publisher's thread). */
    public void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    pending.set(false);
                    publish();
                });
            } catch (RejectedExecutionException e) {
                // closed: the monitor is stopping, the entry expires by itself
            }
        }
    }

    @Override
    public void phase(long runId, RunPhase phase) {
        changed();
    }

    @Override
    public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
        changed();
    }

    private void publish() {
        Optional<Connection> connection = link.connection();
        if (connection.isEmpty()) {
            return;
        }
        try {
            KeyValue bucket = bucket(connection.get());
            bucket.put(reader.rackId(), codec.encode(reader.read()));
            link.published();
            if (failing) {
                LOG.info("fleet: the inventory of rack '{}' reaches the hub again", reader.rackId());
                failing = false;
            }
            retryMillis = FIRST_RETRY_MILLIS;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            bucketChecked = false;
            String message = "cannot publish the inventory: " + e.getMessage();
            link.failed(message);
            if (!failing) {
                LOG.warn("fleet: {}", message);
                failing = true;
            }
            retrySoon();
        }
    }

    /** Schedules one more try after a failure, on the publisher's thread (only ever called from it). */
    private void retrySoon() {
        long delay = retryMillis;
        retryMillis = Math.min(retryMillis * 2, period());
        try {
            thread.schedule(this::changed, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed: the monitor is stopping
        }
    }

    /**
     * The bucket, created with this monitor's TTL when the hub does not have it (checked once per connection).
     * On a hub with per-rack permissions only the front may create it: a rack started first says so.
     */
    private KeyValue bucket(Connection connection) throws IOException, JetStreamApiException {
        if (!bucketChecked) {
            try {
                HubResources.ensureInventoryBucket(connection, ttl);
            } catch (IOException e) {
                if (link.refused("$JS.API.STREAM.CREATE.KV_" + BUCKET)) {
                    throw new IOException("the hub has no bucket '" + BUCKET + "' and does not allow this rack to"
                            + " create it (permissions): start the fleet's front, which creates it");
                }
                throw e;
            }
            bucketChecked = true;
        }
        return connection.keyValue(BUCKET);
    }

    /** Stops publishing; the entry stays in the hub until its TTL ends. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(30, TimeUnit.SECONDS);
    }
}
