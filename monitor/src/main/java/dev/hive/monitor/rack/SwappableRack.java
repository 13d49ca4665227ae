package dev.hive.monitor.rack;

import dev.hive.rack.backend.ProbeRoute;
import dev.hive.rack.backend.ProbeTakeover;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackListener;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack everybody in the monitor holds (task runner, IPC, GraphQL, the REST views): it forwards every call
 * to the rack started last, so a reinitialisation that starts another backend ({@link #replace}) is seen by
 * all of them at once. Listeners are registered here and hear the current backend only: a target-lost event of
 * a backend being closed is not passed on.
 *
 * <p>Replacing the rack while a run uses it is the caller's business to prevent (the task runner's
 * exclusive hold).
 */
public final class SwappableRack implements RackBackend {

    private static final Logger LOG = LoggerFactory.getLogger(SwappableRack.class);

    /** Hears every flash done through this rack, with its outcome per target and how long it took. */
    @FunctionalInterface
    public interface FlashListener {
        /** Called on the flashing thread after the flash; keep it short. */
        void flashed(Map<SlotAddress, FlashStatus> results, Duration took);
    }

    private final List<RackListener> listeners = new CopyOnWriteArrayList<>();
    private final List<FlashListener> flashListeners = new CopyOnWriteArrayList<>();
    private volatile StartedRack current;
    private volatile boolean closed;

    public SwappableRack(StartedRack initial) {
        this.current = Objects.requireNonNull(initial, "initial");
        listenTo(initial.backend());
    }

    /** The rack started last, with its configuration and build. */
    public StartedRack current() {
        return current;
    }

    /**
     * Makes {@code next} the rack every caller uses, then closes the one before it.
     *
     * @throws IllegalStateException when this rack is closed ({@code next} is closed then too)
     */
    public void replace(StartedRack next) {
        StartedRack before;
        synchronized (this) {
            if (closed) {
                next.close();
                throw new IllegalStateException("the monitor is stopping; the rack is not replaced");
            }
            listenTo(next.backend());
            before = current;
            current = next;
        }
        LOG.info("rack replaced; stopping the one before");
        before.close();
    }

    private void listenTo(RackBackend backend) {
        backend.addListener((slot, reason) -> {
            if (current.backend() != backend) {
                return;
            }
            for (RackListener listener : listeners) {
                try {
                    listener.targetLost(slot, reason);
                } catch (RuntimeException e) {
                    LOG.warn("a rack listener failed on target-lost of {}: {}", slot, e.toString());
                }
            }
        });
    }

    private RackBackend backend() {
        return current.backend();
    }

    @Override
    public Rack rack() {
        return backend().rack();
    }

    @Override
    public String kind() {
        return backend().kind();
    }

    @Override
    public Map<SlotAddress, FlashStatus> flash(Map<SlotAddress, Path> images) {
        long start = System.nanoTime();
        return told(backend().flash(images), start);
    }

    /** Flashes the current rack as a whole (the default would ask its slots and flash them in two calls). */
    @Override
    public Map<SlotAddress, FlashStatus> flash(TestprogramBuild build) {
        long start = System.nanoTime();
        return told(backend().flash(build), start);
    }

    /** Registers {@code listener} for every later flash (of this rack and of the racks that replace it). */
    public void addFlashListener(FlashListener listener) {
        flashListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private Map<SlotAddress, FlashStatus> told(Map<SlotAddress, FlashStatus> results, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        for (FlashListener listener : flashListeners) {
            try {
                listener.flashed(results, took);
            } catch (RuntimeException e) {
                LOG.warn("a flash listener failed: {}", e.toString());
            }
        }
        return results;
    }

    @Override
    public CatalogTarget catalogTarget(SlotAddress slot) {
        return backend().catalogTarget(slot);
    }

    @Override
    public FlashStatus flashStatus(SlotAddress slot) {
        return backend().flashStatus(slot);
    }

    @Override
    public TargetHealth health(SlotAddress slot) {
        return backend().health(slot);
    }

    @Override
    public void connect(int channel, SlotAddress slot) {
        backend().connect(channel, slot);
    }

    @Override
    public Optional<ProbeRoute> takeProbe(int channel, ProbeTakeover takeover) {
        return backend().takeProbe(channel, takeover);
    }

    @Override
    public void disconnect(int channel) {
        backend().disconnect(channel);
    }

    @Override
    public Optional<SlotAddress> connection(int channel) {
        return backend().connection(channel);
    }

    @Override
    public void reset(SlotAddress slot) {
        backend().reset(slot);
    }

    @Override
    public void power(SlotAddress slot, boolean on) {
        backend().power(slot, on);
    }

    @Override
    public void addListener(RackListener listener) {
        listeners.add(listener);
    }

    /** Closes the current rack; a later {@link #replace} is refused. */
    @Override
    public void close() {
        StartedRack last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        last.close();
    }
}
