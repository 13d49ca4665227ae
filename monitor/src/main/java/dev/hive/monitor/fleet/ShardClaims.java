package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a rack's claim of a shard: the hub delivers a shard whose claim lapses to another rack, so while the shard's
 * run waits and runs the claim is renewed ({@code +WPI}) every third of its expiry, and once the run has ended it is
 * acknowledged ({@code +ACK}). Both go through the link's current connection, not the one the shard came on: that
 * one may have been replaced since ({@link FleetLink#redial}).
 */
final class ShardClaims {

    private static final Logger LOG = LoggerFactory.getLogger(ShardClaims.class);

    private final FleetLink link;
    private final Duration claimExpiry;
    private final ScheduledExecutorService timers;

    /** @param claimExpiry how long a claim lasts unrenewed (the consumers' ack wait) */
    ShardClaims(FleetLink link, Duration claimExpiry) {
        this.link = link;
        this.claimExpiry = claimExpiry;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hive-fleet-claims");
            t.setDaemon(true);
            return t;
        });
    }

    /** Renews the claim of the shard {@code message} brought every third of its expiry, until cancelled. */
    ScheduledFuture<?> keep(Message message) {
        return timers.scheduleAtFixedRate(
                () -> renew(message), renewEvery().toMillis(), renewEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Acknowledges the shard: the hub removes it from the work queue.
     *
     * @throws IllegalStateException when the hub is not reachable
     */
    void acknowledge(Message message) {
        reply(message, "+ACK");
    }

    private Duration renewEvery() {
        return claimExpiry.dividedBy(3);
    }

    private void renew(Message message) {
        try {
            reply(message, "+WPI");
        } catch (RuntimeException e) {
            LOG.debug("fleet: renewing a claim failed: {}", e.toString());
        }
    }

    private void reply(Message message, String ack) {
        Connection c = link.connection().orElseThrow(() -> new IllegalStateException("the hub is not reachable"));
        c.publish(message.getReplyTo(), ack.getBytes(StandardCharsets.US_ASCII));
    }

    /** Stops renewing: the claims lapse and the hub delivers their shards again. */
    void close() {
        timers.shutdownNow();
    }
}
