package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the racks to stop the shards of the runs the front gave up (ended {@code interrupted}: it could not pick
 * them up again, or their hub was replaced) or that a user cancelled: the run's cancel subject, and a given-up run's
 * shards still waiting on the work queue taken off it, once the hub is there. The cancel is plain NATS and reaches
 * only the racks connected at that moment, and after a hub outage the racks reconnect each at its own time, so it is
 * published again every {@link #REPEAT_EVERY} for {@link #REPEATED_FOR}; a rack that heard it once ignores the rest.
 */
final class RunStops {

    private static final Logger LOG = LoggerFactory.getLogger(RunStops.class);
    static final Duration REPEAT_EVERY = Duration.ofSeconds(2);
    static final Duration REPEATED_FOR = Duration.ofMinutes(2);

    /**
     * A run whose shards are to stop.
     *
     * @param waiting the work-queue numbers of its shards no rack had taken (a given-up run's)
     * @param takeOffQueue whether to delete those (not on a replaced hub: it has none of them)
     */
    record RunStop(String runKey, List<Long> waiting, boolean takeOffQueue) {
        /** A cancelled run's: the front took its waiting shards off the queue itself, or does when it can. */
        static RunStop cancelled(String runKey) {
            return new RunStop(runKey, List.of(), false);
        }
    }

    /** A run to stop and when its cancel went out first and last ({@code System.nanoTime()}; 0: not yet). */
    private static final class Stop {
        final RunStop run;
        long first;
        long last;

        Stop(RunStop run) {
            this.run = run;
        }
    }

    private final Executor work;
    private final List<Stop> stops = new ArrayList<>(); // guarded by itself

    /** @param work where the waiting shards are taken off the work queue (the dispatcher's thread) */
    RunStops(Executor work) {
        this.work = work;
    }

    /** The run was given up or cancelled: its shards are stopped on the next {@link #tick} with the hub. */
    void add(RunStop run) {
        synchronized (stops) {
            stops.add(new Stop(run));
        }
    }

    /** Each second, on the watchdog's thread, with the hub's connection once it is set up. */
    void tick(Optional<Connection> ready) {
        if (ready.isEmpty()) {
            return;
        }
        Connection c = ready.get();
        long now = System.nanoTime();
        List<RunStop> first = new ArrayList<>();
        synchronized (stops) {
            for (Iterator<Stop> i = stops.iterator(); i.hasNext(); ) {
                Stop s = i.next();
                if (s.first == 0) {
                    s.first = now;
                    s.last = now;
                    first.add(s.run);
                } else if (now - s.first > REPEATED_FOR.toNanos()) {
                    i.remove();
                } else if (now - s.last >= REPEAT_EVERY.toNanos()) {
                    s.last = now;
                    cancel(c, s.run);
                }
            }
        }
        if (!first.isEmpty()) {
            work.execute(() -> first.forEach(g -> stop(c, g)));
        }
    }

    private static void cancel(Connection c, RunStop given) {
        try {
            c.publish(HubResources.cancelSubject(given.runKey()), new byte[0]);
        } catch (RuntimeException e) {
            LOG.debug(
                    "fleet: the cancel of run {} (given up or cancelled) did not go out: {}",
                    given.runKey(),
                    e.toString());
        }
    }

    /**
     * The first stop: with {@code takeOffQueue} the shards still waiting deleted from the work queue (each only when
     * the message there is that run's shard: the hub may be another one), then the cancel (a rack that took one of
     * them meanwhile ends it at once).
     */
    private static void stop(Connection c, RunStop given) {
        if (given.takeOffQueue()) {
            takeOffQueue(c, given);
        }
        cancel(c, given);
        LOG.info("fleet: the racks are told to stop the shards of run {} (given up or cancelled)", given.runKey());
    }

    private static void takeOffQueue(Connection c, RunStop given) {
        try {
            JetStreamManagement jsm = c.jetStreamManagement();
            for (long sequence : given.waiting()) {
                try {
                    Headers headers =
                            jsm.getMessage(HubResources.RUNS_STREAM, sequence).getHeaders();
                    String id = headers == null ? null : headers.getFirst("Nats-Msg-Id");
                    if (id != null && id.startsWith(given.runKey() + "/")) {
                        jsm.deleteMessage(HubResources.RUNS_STREAM, sequence);
                        LOG.info("fleet: shard {} of a run given up taken off the work queue", id);
                    }
                } catch (JetStreamApiException e) {
                    LOG.debug("fleet: work-queue message {} is gone already: {}", sequence, e.toString());
                }
            }
        } catch (Exception e) {
            LOG.warn(
                    "fleet: the waiting shards of run {} (given up or cancelled) could not be taken off the work queue: {}",
                    given.runKey(),
                    e.toString());
        }
    }
}
