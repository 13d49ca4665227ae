package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The names of the fleet's JetStream resources on the hub, and their creation: whichever monitor needs one
 * first creates it (idempotent, the same configuration from every monitor). The front creates everything
 * ({@link #setUp}: streams, buckets, and each target's consumer before it publishes a shard for it); a rack only
 * uses what exists, so a hub with per-rack permissions ({@link HubPermissions}) lets racks create nothing on
 * the work queue.
 *
 * <ul>
 *   <li>{@value #RUNS_STREAM}: the work queue (work-queue retention: a shard is gone once a rack acknowledged
 *       it), subjects {@code hive.v1.runs.t.<target>}, duplicate window {@link #DUPLICATE_WINDOW};
 *   <li>{@code RUNS_T_<target>}: one durable pull consumer per target, shared by every rack that has it
 *       (explicit acks, AckWait = the claim expiry, at most {@link #MAX_DELIVER} deliveries);
 *   <li>{@code RUNS_R_<rack>}: the shards pinned to one rack, subjects {@code hive.v1.runs.r.<rack>.<target>},
 *       one durable pull consumer per rack that only that rack pulls (same acks and deliveries);
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

    /** The subject of a shard of {@code target} pinned to {@code rack}. */
    public static String pinnedSubject(String rack, String target) {
        return "hive.v1.runs.r." + token(rack) + "." + token(target);
    }

    /** The consumer of the shards pinned to {@code rack}. */
    public static String pinnedConsumer(String rack) {
        return "RUNS_R_" + token(rack);
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

    /**
     * What a front sets up on each connection: the two streams, the inventory bucket (entries live
     * {@code inventoryTtl}) and the runner store.
     */
    public static void setUp(Connection connection, Duration inventoryTtl) throws IOException, JetStreamApiException {
        ensureStreams(connection);
        ensureInventoryBucket(connection, inventoryTtl);
        RunnerStore.ensureBucket(connection);
    }

    /** Creates the inventory bucket (one revision per key, entries live {@code ttl}) when the hub lacks it. */
    public static void ensureInventoryBucket(Connection connection, Duration ttl)
            throws IOException, JetStreamApiException {
        try {
            connection.jetStreamManagement().getStreamInfo("KV_" + InventoryPublisher.BUCKET);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            connection
                    .keyValueManagement()
                    .create(KeyValueConfiguration.builder()
                            .name(InventoryPublisher.BUCKET)
                            .description("the inventory of every rack of the fleet, by rack id (docs/fleet.md)")
                            .maxHistoryPerKey(1)
                            .ttl(ttl)
                            .storageType(StorageType.File)
                            .build());
        }
    }

    /**
     * Whether the hub has the work queue's consumer {@code name} (a rack never creates one: the front does before
     * it publishes the first shard for it, so a missing consumer means no work for it yet).
     */
    public static boolean hasConsumer(Connection connection, String name) throws IOException, JetStreamApiException {
        try {
            connection.jetStreamManagement().getConsumerInfo(RUNS_STREAM, name);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The JetStream API subject of a request about the target's consumer, e.g. {@code CONSUMER.INFO}. */
    public static String consumerApi(String request, String name) {
        return "$JS.API." + request + "." + RUNS_STREAM + "." + name;
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
        ensureConsumer(connection, consumer(target), workSubject(target), claimExpiry);
    }

    /** Creates the consumer of the shards pinned to {@code rack} when the hub does not have it. */
    public static void ensurePinnedConsumer(Connection connection, String rack, Duration claimExpiry)
            throws IOException, JetStreamApiException {
        ensureConsumer(connection, pinnedConsumer(rack), "hive.v1.runs.r." + token(rack) + ".>", claimExpiry);
    }

    private static void ensureConsumer(Connection connection, String name, String filter, Duration claimExpiry)
            throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
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
                        .filterSubject(filter)
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
