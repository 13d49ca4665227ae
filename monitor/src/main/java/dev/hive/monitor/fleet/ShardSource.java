package dev.hive.monitor.fleet;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.Shard;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as a source of runs for this rack: while the rack is idle it claims one shard of a target it has
 * from the hub's work queue (never more: no prefetch), turns it into a local run in the rack's own queue,
 * renews the claim every third of its expiry while the run waits and runs, reports the run's phases,
 * results, log lines and end on the run's events subject (stamped with this rack and the attempt:
 * {@link ShardEventPublisher}), and acknowledges the shard when the run has ended, whatever its verdict
 * ({@link ShardClaims}).
 *
 * <p><b>Local runs first.</b> A shard is claimed only when the local queue is empty and no run is on the rack, so
 * the people in front of this rack (its own HTTP queue) are never made to wait behind the fleet; a local run
 * that arrives while a claimed shard waits goes behind it (the shard was there first). The fleet loses nothing
 * by it: a shard nobody claims stays on the queue for a rack that is idle.
 *
 * <p>Among its targets the rack asks first for those the fewest live racks offer, so a target only it has is
 * not left waiting while it serves one another rack could serve as well ({@link ShardPuller}).
 */
public final class ShardSource implements RunObserver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSource.class);
    /** How often a busy rack looks whether it became idle (its own runs end without a ring). */
    private static final Duration POLL = Duration.ofMillis(300);
    /**
     * How often an idle rack asks the work queue without a ring: for a shard delivered again after its claim lapsed
     * (no publication announces it), or a hub whose permissions do not let the doorbell listen.
     */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private static final int REMEMBERED_CANCELS = 1_000;

    /** A shard claimed by this rack and the local run it became. */
    private record Claimed(
            Shard shard,
            Message message,
            int attempt,
            long runId,
            ScheduledFuture<?> renewal,
            java.util.concurrent.atomic.AtomicLong sequence) {}

    private final FleetLink link;
    private final String rackId;
    private final RunQueue queue;
    private final RunRepository runs;
    private final BooleanSupplier rackBusy;
    private final LongPredicate cancelRun;
    private final Supplier<List<String>> targets;
    private final java.nio.file.Path runnerDirectory;
    private final FleetCodec codec = new FleetCodec();
    private final Thread thread;
    private final ShardClaims claims;
    private final ShardPuller puller; // the puller's thread only
    private final ShardEventPublisher publisher;
    private final Set<String> cancelled = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_CANCELS;
        }
    });
    private final WorkDoorbell bell;
    private volatile Claimed claimed;
    private volatile boolean closed;
    private volatile boolean reconnected;
    private Connection prepared; // the puller's thread only: the connection the streams were checked on
    private Connection cancelsOn; // the puller's thread only: where the cancel subscription is

    /**
     * @param rackBusy whether a run is on the rack now
     * @param cancelRun cancels a local run (the task runner's cancel)
     * @param targets the catalog names of the rack's targets now
     * @param runnerDirectory where runner JARs are kept as {@code <sha256>.jar} (the task runner reads them there)
     */
    public ShardSource(
            FleetLink link,
            String rackId,
            Duration claimExpiry,
            RunQueue queue,
            RunRepository runs,
            BooleanSupplier rackBusy,
            LongPredicate cancelRun,
            Supplier<List<String>> targets,
            java.nio.file.Path runnerDirectory) {
        this.link = link;
        this.rackId = rackId;
        this.queue = queue;
        this.runs = runs;
        this.rackBusy = rackBusy;
        this.cancelRun = cancelRun;
        this.targets = targets;
        this.runnerDirectory = runnerDirectory;
        this.bell = new WorkDoorbell(rackId);
        this.thread = new Thread(this::loop, "hive-fleet-shards");
        this.thread.setDaemon(true);
        this.puller = new ShardPuller(link, rackId, this::idle);
        this.publisher = new ShardEventPublisher(link, rackId, () -> closed);
        this.claims = new ShardClaims(link, claimExpiry);
    }

    public void start() {
        // A reconnection may be to a hub that lost its store: streams, consumers and pulls are set up again.
        link.onConnected(() -> reconnected = true);
        thread.start();
    }

    private void wakeUp() {
        bell.ring();
    }

    private boolean idle() {
        return claimed == null && queue.size() == 0 && !rackBusy.getAsBoolean();
    }

    private void loop() {
        while (!closed) {
            try {
                // Rings from here on (a shard published for this rack, a shard of its ended) end the wait below.
                if (bell.clear()) {
                    puller.lookAgain(); // a shard was published (its consumer made first) or one ended
                }
                Optional<Connection> connection = link.connection();
                List<String> mine = targets.get();
                if (connection.isEmpty() || !idle() || mine.isEmpty()) {
                    bell.await(POLL);
                    continue;
                }
                Connection c = connection.get();
                prepare(c);
                bell.listen(c, mine);
                Message message = puller.fetchOne(c, mine);
                if (message != null) {
                    take(c, message);
                } else {
                    bell.await(IDLE_POLL);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                Optional<String> refused = link.refusedLately(Duration.ofSeconds(10));
                if (refused.isPresent()) {
                    // not a stuck connection: the hub's permissions do not allow a request this rack made
                    String why = "asking for work: the hub refused " + refused.get()
                            + " (permissions): see the hub's permission file (docs/fleet.md)";
                    LOG.warn("fleet: {}", why);
                    link.failed(why);
                } else {
                    LOG.warn("fleet: asking the hub for work failed: {}", e.toString());
                    link.redialIfTimedOut(e, "asking for work");
                    link.failed("asking for work: " + e.getMessage());
                }
                puller.forget();
                prepared = null;
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * The cancel subscription, once per connection. The rack creates nothing on the hub: the front sets up the
     * streams and each target's consumer (a hub with per-rack permissions allows a rack no more).
     */
    private void prepare(Connection c) throws Exception {
        if (reconnected) {
            reconnected = false;
            puller.forget();
            prepared = null;
        }
        if (prepared == c) {
            return;
        }
        if (cancelsOn != c) {
            c.createDispatcher(this::cancelRequested).subscribe(HubResources.cancelSubject("*"));
            cancelsOn = c;
        }
        prepared = c;
    }

    private void take(Connection c, Message message) {
        int attempt = (int) message.metaData().deliveredCount();
        Shard shard;
        try {
            shard = codec.shard(message.getData());
        } catch (IllegalArgumentException e) {
            LOG.warn("fleet: a message on the work queue is not a shard, dropped: {}", e.getMessage());
            message.term();
            return;
        }
        synchronized (cancelled) {
            if (cancelled.contains(shard.runKey())) {
                LOG.info("fleet: shard {} was cancelled before it started", shard.messageId());
                publisher.ended(
                        shard, attempt, 0, RunState.CANCELLED, "the run was cancelled before this rack started it");
                message.ack();
                return;
            }
        }
        LOG.info("fleet: took shard {} (attempt {})", shard.messageId(), attempt);
        ScheduledFuture<?> renewal = claims.keep(message);
        try {
            RunnerStore.download(c, shard.runnerSha256(), runnerDirectory);
            Run run = runs.createQueued(shard.optionsJson(), shard.runnerSha256(), Optional.empty(), Provenance.NONE);
            claimed = new Claimed(
                    shard, message, attempt, run.id(), renewal, new java.util.concurrent.atomic.AtomicLong());
            queue.enqueue(run.id());
        } catch (Exception e) {
            LOG.warn("fleet: shard {} cannot run here: {}", shard.messageId(), e.toString());
            renewal.cancel(false);
            claimed = null;
            publisher.ended(shard, attempt, 0, RunState.FAILED, "rack " + rackId + " could not start the shard: " + e);
            message.ack();
        }
    }

    private void cancelRequested(Message message) {
        String runKey = HubResources.runKeyOfCancel(message.getSubject());
        if (runKey == null) {
            return;
        }
        synchronized (cancelled) {
            cancelled.add(runKey);
        }
        Claimed now = claimed;
        if (now != null && now.shard().runKey().equals(runKey)) {
            LOG.info("fleet: the front cancels shard {}", now.shard().messageId());
            cancelRun.test(now.runId());
        }
    }

    // RunObserver: what the task runner tells about the runs; only the claimed shard's run is reported.

    private Claimed of(long runId) {
        Claimed now = claimed;
        return now != null && now.runId() == runId ? now : null;
    }

    @Override
    public void phase(long runId, RunPhase phase) {
        report(runId, new PhaseChanged(runId, phase));
    }

    @Override
    public void testStarted(long runId, dev.hive.protocol.ipc.TestStarted s) {
        report(runId, new TestStarted(runId, s.testId(), s.displayName(), s.cell(), s.startedAt()));
    }

    @Override
    public void testFinished(long runId, TestResult result) {
        report(runId, new TestFinished(runId, result));
    }

    @Override
    public void log(long runId, String source, String level, String message) {
        report(runId, new LogLine(runId, source, level, message));
    }

    @Override
    public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
        Claimed now = of(runId);
        if (now == null) {
            return;
        }
        now.renewal().cancel(false);
        Summary counts = new Summary(summary.passed(), summary.failed(), summary.skipped(), summary.errors(), 0);
        // After every event of the run, and acknowledged only once stored: the front never misses a shard's end.
        publisher.afterEvents(() -> {
            if (!publisher.ended(now.shard(), now.attempt(), runId, state, error.orElse(null), counts)) {
                return; // stopping: the claim lapses and another rack runs the shard again
            }
            try {
                claims.acknowledge(now.message());
                LOG.info("fleet: shard {} {} and acknowledged", now.shard().messageId(), state.dbName());
            } catch (RuntimeException e) {
                LOG.warn("fleet: acknowledging shard {} failed: {}", now.shard().messageId(), e.toString());
            }
            claimed = null;
            wakeUp(); // ask for the next shard now, not after the rest of a poll interval
        });
    }

    private void report(long runId, RunEvent event) {
        Claimed now = of(runId);
        if (now == null) {
            return;
        }
        publisher.report(now.shard(), now.attempt(), now.sequence().incrementAndGet(), event);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        claims.close();
        publisher.close();
    }
}
