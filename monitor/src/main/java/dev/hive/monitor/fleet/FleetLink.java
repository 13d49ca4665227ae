package dev.hive.monitor.fleet;

import dev.hive.monitor.config.FleetConfig;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This monitor's connection to the fleet's hub. It dials out only, and keeps trying every URL without end:
 * the first connection (on its own thread, {@code hive-fleet-link}, every {@link HubOptions#RECONNECT_WAIT})
 * and, once connected, jnats' reconnects after the hub went away. jnats blocks, so nothing here runs on an
 * event loop: {@link #start()} returns at once.
 */
public final class FleetLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLink.class);

    private final FleetConfig config;
    private final String rackId;
    private final Clock clock;
    private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService dialler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hive-fleet-link");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile Connection connection;
    private static final java.time.Duration REDIAL_PAUSE = java.time.Duration.ofSeconds(10);
    private volatile Options options;
    private volatile long lastRedial = System.nanoTime() - REDIAL_PAUSE.toNanos();
    private volatile FleetStatus.State state = FleetStatus.State.CONNECTING;
    private volatile Instant since;
    private volatile String server;
    private volatile String lastError;
    /** Subjects the hub refused (permissions), with when. */
    private final java.util.Map<String, Long> refusals = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.regex.Pattern REFUSAL =
            java.util.regex.Pattern.compile("Permissions Violation for (?:Publish|Subscription) to \"([^\"]+)\"");
    private static final java.time.Duration REFUSAL_KEPT = java.time.Duration.ofMinutes(1);
    /** What jnats reported first during the current first-connection attempt (its exception says "unable"). */
    private volatile String attemptError;

    private volatile Instant lastPublished;

    public FleetLink(FleetConfig config, String rackId, Clock clock) {
        this.config = config;
        this.rackId = rackId;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Starts dialling the hub in the background; {@link #onConnected} listeners hear each (re)connection. */
    public void start() {
        Options options = HubOptions.of(config, rackId, this::connectionEvent, new Errors());
        this.options = options;
        LOG.info(
                "fleet: rack '{}' dials the hub at {}",
                rackId,
                config.servers().stream()
                        .map(u -> HubOptions.redacted(u.toString()))
                        .toList());
        dialler.execute(() -> dial(options));
    }

    private void dial(Options options) {
        if (closed) {
            return;
        }
        attemptError = null;
        try {
            Connection c = Nats.connect(options);
            if (closed) {
                c.close();
            }
        } catch (IOException e) {
            String reason = attemptError != null ? attemptError : e.getMessage();
            String error = "cannot reach the hub: " + reason;
            if (!error.equals(lastError)) {
                LOG.warn("fleet: {}; trying again every {} s", error, HubOptions.RECONNECT_WAIT.toSeconds());
            }
            lastError = error;
            if (!closed) {
                dialler.schedule(() -> dial(options), HubOptions.RECONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code listener} runs (on a jnats thread; keep it short) after each connection and reconnection. */
    public void onConnected(Runnable listener) {
        connectedListeners.add(listener);
    }

    /** The connection while the hub is reachable. */
    public Optional<Connection> connection() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED ? Optional.of(c) : Optional.empty();
    }

    public String rackId() {
        return rackId;
    }

    public FleetStatus status() {
        return new FleetStatus(
                rackId,
                state,
                since,
                Optional.ofNullable(server),
                Optional.ofNullable(lastError),
                Optional.ofNullable(lastPublished));
    }

    private void moveTo(FleetStatus.State next) {
        if (state != next) {
            since = clock.instant();
        }
        state = next;
    }

    /** Records that the inventory reached the hub. */
    void published() {
        lastPublished = clock.instant();
    }

    /**
     * Whether the hub refused this monitor a publication or subscription on {@code subject} within the last
     * minute (its permissions do not allow it: {@code Permissions Violation for Publish to "subject"}). A
     * refused request gets no answer, only this error, so a caller whose request timed out asks here why.
     */
    public boolean refused(String subject) {
        Long at = refusals.get(subject);
        return at != null && System.nanoTime() - at < REFUSAL_KEPT.toNanos();
    }

    /** The subject the hub refused last, when that was within the last {@code within}. */
    public Optional<String> refusedLately(java.time.Duration within) {
        long now = System.nanoTime();
        return refusals.entrySet().stream()
                .filter(e -> now - e.getValue() < within.toNanos())
                .max(java.util.Map.Entry.comparingByValue())
                .map(java.util.Map.Entry::getKey);
    }

    /** Records an error that is not the connection's own, e.g. a refused write. */
    void failed(String error) {
        lastError = error;
    }

    private void connectionEvent(Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                connection = conn;
                server = HubOptions.redacted(conn.getConnectedUrl());
                moveTo(FleetStatus.State.CONNECTED);
                LOG.info("fleet: connected to the hub at {}", server);
                connectedListeners.forEach(Runnable::run);
            }
            case DISCONNECTED -> {
                if (conn != connection) {
                    return; // a connection replaced by redial
                }
                // also sent for a first attempt that failed: that is still CONNECTING, not a lost hub
                if (state == FleetStatus.State.CONNECTED) {
                    moveTo(FleetStatus.State.RECONNECTING);
                    LOG.warn("fleet: lost the hub at {}; reconnecting", server);
                }
            }
            case CLOSED -> {
                // jnats also closes a first attempt that failed (e.g. an untrusted certificate); the dialler retries
                if (closed) {
                    moveTo(FleetStatus.State.CLOSED);
                }
            }
            default -> {}
        }
    }

    /**
     * Replaces the connection with a new one: after a reconnection to a restarted hub, a connection that had a
     * JetStream request in flight when the hub went away was seen to get no JetStream answer any more (every
     * request timing out) while other clients were served. At most once per {@link #REDIAL_PAUSE}.
     */
    public void redial(String why) {
        Connection old = connection;
        long now = System.nanoTime();
        if (old == null || closed || options == null || now - lastRedial < REDIAL_PAUSE.toNanos()) {
            return;
        }
        lastRedial = now;
        LOG.warn("fleet: the hub does not answer on this connection ({}); connecting anew", why);
        connection = null;
        moveTo(FleetStatus.State.RECONNECTING);
        dialler.execute(() -> {
            try {
                old.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            dial(options);
        });
    }

    /**
     * Redials ({@link #redial}) when {@code e} is jnats' JetStream timeout, the symptom of that stuck connection;
     * answers whether it was. Any caller of a JetStream request, rack or front, hands its failure here.
     */
    public boolean redialIfTimedOut(Exception e, String what) {
        if (!String.valueOf(e.getMessage()).startsWith("Timeout or no response")) {
            return false;
        }
        redial(what + " timed out");
        return true;
    }

    /** Closes the connection (waits for jnats' threads, at most its close timeout). */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        moveTo(FleetStatus.State.CLOSED);
        dialler.shutdownNow();
        dialler.awaitTermination(30, TimeUnit.SECONDS);
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    private final class Errors implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            String message = "the hub reports: " + error;
            var refusal = REFUSAL.matcher(error);
            if (refusal.find()) {
                refusals.put(refusal.group(1), System.nanoTime());
            }
            if (state == FleetStatus.State.CONNECTING) {
                // e.g. an authorization violation, before jnats' own timeout: the first is the reason
                if (attemptError == null) {
                    attemptError = message;
                }
                return;
            }
            lastError = message;
            LOG.warn("fleet: {}", message);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            String message = exp.getMessage() == null ? exp.toString() : exp.getMessage();
            if (state == FleetStatus.State.CONNECTING) {
                if (attemptError == null) {
                    attemptError = message; // the dialler reports it
                }
                return;
            }
            if (!message.equals(lastError)) {
                LOG.warn("fleet: {}", message);
            }
            lastError = message;
        }
    }
}
