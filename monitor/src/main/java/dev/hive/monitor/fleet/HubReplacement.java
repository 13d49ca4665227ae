package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tells whether the hub the front finds (when it restarts, or when its connection comes back while runs are in
 * flight) is still the one a run was dispatched on, or one whose store was replaced (emptied) meanwhile: then the
 * run's events are gone, and so are its shards on the work queue. The front sets the streams up again on every
 * connection, so "the stream exists" says nothing once it did; their numbers do. A stream's sequence only grows for
 * as long as its store lives (a message the racks acknowledged or that aged out leaves its number used), so a stream
 * whose last number is below one the front knows of the run (the work-queue message of a shard, an events-stream
 * number it took) is a newer stream; a stream missing before the front set it up again is one too. A front that stayed
 * up also knows when the hub created the streams it used ({@link Streams}): a stream created at another time is a
 * newer one, whatever its numbers. No clock of the front's is compared with the hub's: the hub's creation times are
 * compared with each other.
 */
final class HubReplacement {

    private HubReplacement() {}

    /**
     * The numbers a front knows of one run on the hub.
     *
     * @param published the highest work-queue number of its shards, 0 when none was published
     * @param event the highest events-stream number of its events the front took (or stored), 0 when none
     */
    record Known(long published, long event) {

        /** What a restarted front stored of the run's shards. */
        static Known of(List<ShardRepository.Stored> stored) {
            return new Known(
                    stored.stream()
                            .mapToLong(ShardRepository.Stored::workSequence)
                            .max()
                            .orElse(0),
                    stored.stream()
                            .mapToLong(ShardRepository.Stored::loggedThrough)
                            .max()
                            .orElse(0));
        }
    }

    /** When the hub created the two streams, by its own clock; null where the hub has no such stream. */
    record Streams(Instant events, Instant work) {

        /** The streams of the hub on {@code c} now. */
        static Streams of(Connection c) throws IOException, JetStreamApiException {
            JetStreamManagement jsm = c.jetStreamManagement();
            return new Streams(created(jsm, HubResources.EVENTS_STREAM), created(jsm, HubResources.RUNS_STREAM));
        }

        private static Instant created(JetStreamManagement jsm, String stream)
                throws IOException, JetStreamApiException {
            try {
                var created = jsm.getStreamInfo(stream).getCreateTime();
                return created == null ? null : created.toInstant();
            } catch (JetStreamApiException e) {
                if (e.getErrorCode() == 404) {
                    return null;
                }
                throw e;
            }
        }
    }

    /**
     * Why the hub no longer has the events of a run whose numbers are {@code known}; empty when nothing says so.
     * {@code when} ends the reason, e.g. {@code while the front was down}.
     *
     * @throws IOException or JetStreamApiException when the hub cannot be asked
     */
    static Optional<String> eventsGone(Connection c, Known known, String when)
            throws IOException, JetStreamApiException {
        return eventsGone(c, known, null, when);
    }

    /**
     * As {@link #eventsGone(Connection, Known, String)}, and a stream the hub created at another time than in {@code
     * used} (the streams the run was on; null when not known) is a newer one too.
     */
    static Optional<String> eventsGone(Connection c, Known known, Streams used, String when)
            throws IOException, JetStreamApiException {
        String replaced = ": the hub's store was replaced " + when;
        if (used != null) {
            Streams now = Streams.of(c);
            if (now.events() != null && used.events() != null && !now.events().equals(used.events())) {
                return Optional.of("its events stream was created at " + now.events() + ", not at " + used.events()
                        + " as the one the run was on" + replaced);
            }
            if (now.work() != null && used.work() != null && !now.work().equals(used.work())) {
                return Optional.of("its work queue was created at " + now.work() + ", not at " + used.work()
                        + " as the one the run was on" + replaced);
            }
        }
        JetStreamManagement jsm = c.jetStreamManagement();
        Optional<Long> events = lastSequence(jsm, HubResources.EVENTS_STREAM);
        if (events.isEmpty()) {
            return Optional.of("the hub has no events stream (" + HubResources.EVENTS_STREAM + ")" + replaced);
        }
        if (events.get() < known.event()) {
            return Optional.of("its events stream ends at message " + events.get() + ", before the run's event "
                    + known.event() + " the front had seen" + replaced);
        }
        Optional<Long> work = lastSequence(jsm, HubResources.RUNS_STREAM);
        if (work.isEmpty()) {
            return Optional.of("the hub has no work queue (" + HubResources.RUNS_STREAM + ")" + replaced);
        }
        if (work.get() < known.published()) {
            return Optional.of("its work queue ends at message " + work.get() + ", before the run's shard "
                    + known.published() + replaced);
        }
        return Optional.empty();
    }

    /** The last number the stream handed out, or empty when the hub has no such stream. */
    private static Optional<Long> lastSequence(JetStreamManagement jsm, String stream)
            throws IOException, JetStreamApiException {
        try {
            return Optional.of(jsm.getStreamInfo(stream).getStreamState().getLastSequence());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
