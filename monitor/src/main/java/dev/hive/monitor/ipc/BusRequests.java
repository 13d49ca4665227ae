package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.Cell;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.StackBusyException;
import dev.hive.rack.model.SlotAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's {@code connect}/{@code disconnect} requests, carried out on the rack's bus. Switching a channel takes
 * time and may fail, and the reader must keep reading meanwhile, so each channel has its own thread that
 * carries out its requests in order and answers each with {@code connected}; a runner may leave only so many
 * unanswered per channel. The requests also keep what the run has connected: now (so a lost target is told to
 * the runner and the link's end disconnects it) and ever (so a test may be reported only on a slot the run
 * connected).
 */
final class BusRequests {

    private static final Logger LOG = LoggerFactory.getLogger(BusRequests.class);

    private final String runId;
    private final RackBackend backend;
    private final int maxPendingPerChannel;
    private final BooleanSupplier over;
    private final RunnerOutbox outbox;

    private final List<ExecutorService> bus = new ArrayList<>();
    private final List<AtomicInteger> pending = new ArrayList<>();
    private final Map<Integer, SlotAddress> connected = new ConcurrentHashMap<>();
    private final Set<List<Integer>> everConnected = ConcurrentHashMap.newKeySet();

    /**
     * @param runId the run's id, for thread names and the log
     * @param backend the rack whose bus is switched
     * @param rack the rack the runner was welcomed with; one bus thread per channel
     * @param maxPendingPerChannel the most unanswered requests per channel
     * @param over whether the link has ended; a request not yet started then is dropped
     * @param outbox where the answers go
     */
    BusRequests(
            String runId,
            RackBackend backend,
            RackDescription rack,
            int maxPendingPerChannel,
            BooleanSupplier over,
            RunnerOutbox outbox) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.maxPendingPerChannel = maxPendingPerChannel;
        this.over = Objects.requireNonNull(over, "over");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        for (ChannelDescription channel : rack.channels()) {
            bus.add(Executors.newSingleThreadExecutor(
                    LinkThreads.daemon("hive-ipc-bus-" + runId + "-" + channel.index())));
            pending.add(new AtomicInteger());
        }
    }

    /** Queues connecting a (checked) channel to a (checked) slot. */
    void connect(int channel, long requestId, SlotAddress slot) throws RunnerViolation {
        request(channel, requestId, () -> {
            try {
                backend.connect(channel, slot);
            } finally {
                syncConnection(channel);
            }
        });
    }

    /** Queues disconnecting a (checked) channel. */
    void disconnect(int channel, long requestId) throws RunnerViolation {
        request(channel, requestId, () -> {
            try {
                backend.disconnect(channel);
            } finally {
                syncConnection(channel);
            }
        });
    }

    /** Whether the run has had the cell's channel connected to the cell's slot. */
    boolean everConnected(Cell cell) {
        return everConnected.contains(List.of(cell.channel(), cell.stack(), cell.slot()));
    }

    /** Whether a channel of the run is connected to the slot now. */
    boolean holds(SlotAddress slot) {
        return connected.containsValue(slot);
    }

    /** Takes no more requests; those queued still run unless the link has ended. */
    void shutdown() {
        bus.forEach(ExecutorService::shutdown);
    }

    /** Waits for the bus threads to end. */
    void await() {
        bus.forEach(LinkThreads::await);
    }

    /** Disconnects every channel the run left connected; a channel that fails is logged and forgotten. */
    void disconnectAll() {
        for (Integer channel : new ArrayList<>(connected.keySet())) {
            try {
                backend.disconnect(channel);
            } catch (RuntimeException e) {
                LOG.warn("run {}: could not disconnect channel {}: {}", runId, channel, e.toString());
            }
            connected.remove(channel);
        }
    }

    private interface BusAction {
        void run();
    }

    private void request(int channel, long requestId, BusAction action) throws RunnerViolation {
        AtomicInteger waiting = pending.get(channel);
        if (waiting.incrementAndGet() > maxPendingPerChannel) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.LIMIT,
                    "the runner has more than %d unanswered requests on channel %d"
                            .formatted(maxPendingPerChannel, channel));
        }
        try {
            bus.get(channel).execute(() -> {
                try {
                    if (over.getAsBoolean()) {
                        return;
                    }
                    Connected answer;
                    try {
                        action.run();
                        answer = Connected.success(requestId);
                    } catch (StackBusyException e) {
                        answer = Connected.failure(requestId, e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warn("run {}: bus request {} on channel {} failed", runId, requestId, channel, e);
                        answer = Connected.failure(requestId, e.getMessage() != null ? e.getMessage() : e.toString());
                    }
                    outbox.send(answer);
                } finally {
                    waiting.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet(); // the link is ending
        }
    }

    private void syncConnection(int channel) {
        Optional<SlotAddress> now = backend.connection(channel);
        if (now.isPresent()) {
            connected.put(channel, now.get());
            everConnected.add(List.of(channel, now.get().stack(), now.get().slot()));
        } else {
            connected.remove(channel);
        }
    }
}
