package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The names of the fleet's JetStream resources on the hub, and their creation: whichever monitor needs one
 * first creates it (idempotent, the same configuration from every monitor).
 *
 * <ul>
 *   <li>{@value #RUNS_STREAM}: the work queue (work-queue retention: a shard is gone once a rack acknowledged
 *       it), subjects {@code hive.v1.runs.t.<target>}, duplicate window {@link #DUPLICATE_WINDOW};
 *   <li>{@code RUNS_T_<target>}: one durable pull consumer per target, shared by every rack that has it
 *       (explicit acks, AckWait = the claim expiry, at most {@link #MAX_DELIVER} deliveries);
 *   <li>{@value #EVENTS_STREAM}: what racks report about shards, subjects {@code hive.v1.ev.<runKey>}, kept
 *       {@link #EVENTS_AGE};
 *   <li>{@code hive.v1.cancel.<runKey>}: plain NATS, the front asks the racks to stop a run's shards.
 * </ul>
 */
public final class HubResources {

    public static final String RUNS_STREAM = "HIVE_RUNS";
    public static final String EVENTS_STREAM = "HIVE_EVENTS";
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);
    public static final Duration EVENTS_AGE = Duration.ofDays(7);
    /** Deliveries of one shard: the first and two more after racks were lost with it. */
    public static final int MAX_DELIVER = 3;

    private static final Pattern NOT_TOKEN = Pattern.compile("[^A-Za-z0-9_-]");

    private HubResources() {}

    /** {@code name} as one subject token and consumer name: every character but letters, digits, - and _ is _. */
    public static String token(String name) {
        return NOT_TOKEN.matcher(name).replaceAll("_");
    }

    public static String workSubject(String target) {
        return "hive.v1.runs.t." + token(target);
    }

    public static String consumer(String target) {
        return "RUNS_T_" + token(target);
    }

    public static String eventsSubject(String runKey) {
        return "hive.v1.ev." + runKey;
    }

    public static String cancelSubject(String runKey) {
        return "hive.v1.cancel." + runKey;
    }

    /** The run key of a cancel subject, or null when the subject is not one. */
    public static String runKeyOfCancel(String subject) {
        String prefix = "hive.v1.cancel.";
        return subject.startsWith(prefix) ? subject.substring(prefix.length()) : null;
    }

    /** Creates the two streams when the hub does not have them. */
    public static void ensureStreams(Connection connection) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        ensure(
                jsm,
                StreamConfiguration.builder()
                        .name(RUNS_STREAM)
                        .subjects("hive.v1.runs.>")
                        .retentionPolicy(RetentionPolicy.WorkQueue)
                        .storageType(StorageType.File)
                        .duplicateWindow(DUPLICATE_WINDOW)
                        .build());
        ensure(
                jsm,
                StreamConfiguration.builder()
                        .name(EVENTS_STREAM)
                        .subjects("hive.v1.ev.>")
                        .retentionPolicy(RetentionPolicy.Limits)
                        .storageType(StorageType.File)
                        .maxAge(EVENTS_AGE)
                        .duplicateWindow(DUPLICATE_WINDOW)
                        .build());
    }

    /** Creates the target's consumer when the hub does not have it. */
    public static void ensureConsumer(Connection connection, String target, Duration claimExpiry)
            throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        String name = consumer(target);
        try {
            jsm.getConsumerInfo(RUNS_STREAM, name);
            return;
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
        }
        jsm.addOrUpdateConsumer(
                RUNS_STREAM,
                ConsumerConfiguration.builder()
                        .durable(name)
                        .filterSubject(workSubject(target))
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(claimExpiry)
                        .maxDeliver(MAX_DELIVER)
                        .build());
    }

    private static void ensure(JetStreamManagement jsm, StreamConfiguration config)
            throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.getName());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            jsm.addStream(config);
        }
    }
}
