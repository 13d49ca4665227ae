package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.PushSubscribeOptions;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the front hears from the hub about its runs in flight: each run's events subject, followed from its first
 * event into the {@link ShardEventMerger}, and the hub's advisories of shards claimed too often, heard by the
 * {@link ShardWatchdog}. Both are subscriptions of one connection: when the link dials a new one, every run in
 * flight follows its events again on it. Called on the dispatcher's thread, but for {@link #unfollow} when it stops.
 */
final class ShardEventFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ShardEventFollower.class);

    private final FleetLink link;
    private final FrontRuns inFlight;
    private final ShardEventMerger merger;
    private final ShardWatchdog watchdog;
    private Connection advised; // the connection the advisories are heard on
    private Connection followedOn; // the connection the runs in flight follow their events on

    ShardEventFollower(FleetLink link, FrontRuns inFlight, ShardEventMerger merger, ShardWatchdog watchdog) {
        this.link = link;
        this.inFlight = inFlight;
        this.merger = merger;
        this.watchdog = watchdog;
    }

    /** Follows the run's events subject from its first event (an ordered consumer: in order, none missed). */
    void follow(Connection c, FrontRun f) throws IOException, JetStreamApiException {
        Dispatcher dispatcher = c.createDispatcher();
        f.events = c.jetStream()
                .subscribe(
                        HubResources.eventsSubject(f.runKey),
                        dispatcher,
                        merger::onEvent,
                        false,
                        PushSubscribeOptions.builder().ordered(true).build());
    }

    /** Hears the hub's advisories of shards claimed too often on {@code c} (once per connection). */
    void advise(Connection c) {
        if (advised != c) {
            c.createDispatcher(watchdog::maxDeliveries)
                    .subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + HubResources.RUNS_STREAM + ".*");
            advised = c;
        }
    }

    /**
     * A new connection ({@link FleetLink#redial}, not jnats' own reconnection, which keeps its subscriptions): the
     * runs in flight followed their events on the closed one, so each follows them again on {@code c}, from its
     * first event (the merger takes each result and log line once, so the replay adds nothing twice).
     */
    void followAgain(Connection c) {
        Connection before = followedOn;
        followedOn = c;
        if (before == null || before == c) {
            return;
        }
        advise(c);
        for (FrontRun f : List.copyOf(inFlight.all())) {
            synchronized (f) {
                if (f.over) {
                    continue;
                }
            }
            try {
                if (f.events != null) {
                    f.events.unsubscribe();
                }
            } catch (RuntimeException e) {
                LOG.debug("fleet: run {}'s events on the closed connection: {}", f.runId, e.toString());
            }
            try {
                follow(c, f);
                inFlight.note(f.runId, "INFO", "the front connected to the hub anew: following the run's events again");
            } catch (Exception e) {
                LOG.warn("fleet: run {}'s events cannot be followed on the new connection: {}", f.runId, e.toString());
                link.redialIfTimedOut(e, "following a run's events");
                followedOn = before; // the next setup tries again
            }
        }
    }

    /** Stops following the run's events (the front stops; the racks go on). */
    void unfollow(FrontRun f) {
        if (f.events != null) {
            try {
                f.events.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("fleet: unsubscribing run {}'s events failed: {}", f.runId, e.toString());
            }
        }
    }
}
