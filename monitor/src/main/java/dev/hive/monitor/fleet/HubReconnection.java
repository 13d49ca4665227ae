package dev.hive.monitor.fleet;

import dev.hive.monitor.task.RunState;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the front checks when its hub connection comes back (jnats reconnected, or the link dialled anew) while runs
 * are in flight: whether the hub is still the one they were dispatched on. A hub that only went away for a while (a
 * network blip, a restart on its store) still has the runs' events and waiting shards, and they go on. A hub that was
 * replaced (a new, empty store) has neither: the run would wait for ever for a shard lost with the old work queue,
 * so it ends {@code interrupted} with the reason ({@link HubReplacement}), its unended shards too, and the racks are
 * told to stop its shards ({@link RunStops}). Runs on the check's thread (the watchdog's, never an event loop),
 * <em>before</em> the front sets the streams up again on the new connection: a stream missing then is a replaced
 * hub's. The streams' creation times on the hub, read after each setup ({@link #setUp}), tell a replaced hub whose
 * new streams something else created meanwhile (a run dispatched right after the reconnection).
 */
final class HubReconnection {

    private static final Logger LOG = LoggerFactory.getLogger(HubReconnection.class);
    static final String GOES_ON =
            "the front reconnected to the fleet's hub, which still has this run's events: the" + " run goes on";
    static final String REASON = "the front reconnected and the fleet's hub no longer has this run's events: ";

    private final FrontRuns inFlight;
    private final RunStops stops;
    private volatile HubReplacement.Streams used; // the streams after the last setup; null before the first

    HubReconnection(FrontRuns inFlight, RunStops stops) {
        this.inFlight = inFlight;
        this.stops = stops;
    }

    /**
     * Checks every run in flight against the hub on {@code c}, the connection that came back, and ends those whose
     * events the hub no longer has.
     *
     * @throws IOException or JetStreamApiException when the hub cannot be asked (the caller tries again)
     */
    void check(Connection c) throws IOException, JetStreamApiException {
        for (FrontRun f : List.copyOf(inFlight.all())) {
            HubReplacement.Known known;
            synchronized (f) {
                if (f.over) {
                    continue;
                }
                known = f.known();
            }
            Optional<String> gone =
                    HubReplacement.eventsGone(c, known, used, "while the front was disconnected from it");
            if (gone.isPresent()) {
                interrupt(f, REASON + gone.get());
            } else {
                inFlight.note(f.runId, "INFO", GOES_ON);
            }
        }
    }

    /** The front set the streams up on {@code c}: they are the ones its runs from now on are on. */
    void setUp(Connection c) throws IOException, JetStreamApiException {
        used = HubReplacement.Streams.of(c);
    }

    private void interrupt(FrontRun f, String why) {
        synchronized (f) {
            if (f.over) {
                return; // it ended meanwhile
            }
            f.over = true;
            f.shards.values().stream()
                    .filter(s -> s.end == null)
                    .forEach(s -> inFlight.ended(f, s, ShardState.INTERRUPTED, why));
        }
        inFlight.remove(f);
        if (f.events != null) {
            try {
                f.events.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("fleet: unsubscribing run {}'s events failed: {}", f.runId, e.toString());
            }
        }
        inFlight.note(f.runId, "WARN", why);
        inFlight.end(f, RunState.INTERRUPTED, why);
        stops.add(new RunStops.RunStop(f.runKey, List.of(), false));
    }
}
