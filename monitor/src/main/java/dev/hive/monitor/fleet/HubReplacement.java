package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Tells whether the hub a restarted front finds is still the one its run was dispatched on, or one whose store was
 * replaced (emptied) while the front was down: then the run's events are gone, and so are its shards on the work
 * queue. The front sets the streams up again on every connection, so "the stream exists" says nothing; their
 * numbers do. A stream's sequence only grows for as long as its store lives (a message the racks acknowledged or
 * that aged out leaves its number used), so a stream whose last number is below one the front stored for the run
 * (the work-queue message of a shard, the events-stream number of the last log line it stored) is a newer stream.
 * No clock is compared: the hub's and the front's need not agree.
 */
final class HubReplacement {

    private HubReplacement() {}

    /**
     * Why the hub no longer has the events of a run whose shards are {@code stored}; empty when nothing says so.
     *
     * @throws IOException or JetStreamApiException when the hub cannot be asked
     */
    static Optional<String> eventsGone(Connection c, List<ShardRepository.Stored> stored)
            throws IOException, JetStreamApiException {
        JetStreamManagement jsm = c.jetStreamManagement();
        long published = stored.stream()
                .mapToLong(ShardRepository.Stored::workSequence)
                .max()
                .orElse(0);
        long logged = stored.stream()
                .mapToLong(ShardRepository.Stored::loggedThrough)
                .max()
                .orElse(0);
        Optional<Long> events = lastSequence(jsm, HubResources.EVENTS_STREAM);
        if (events.isEmpty()) {
            return Optional.of("the hub has no events stream (" + HubResources.EVENTS_STREAM + ")");
        }
        if (events.get() < logged) {
            return Optional.of("its events stream ends at message " + events.get() + ", before the run's event "
                    + logged + " the front had stored: the hub's store was replaced while the front was down");
        }
        Optional<Long> work = lastSequence(jsm, HubResources.RUNS_STREAM);
        if (work.isEmpty() || work.get() < published) {
            return Optional.of("its work queue ends at message " + work.orElse(0L) + ", before the run's shard "
                    + published + ": the hub's store was replaced while the front was down");
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
