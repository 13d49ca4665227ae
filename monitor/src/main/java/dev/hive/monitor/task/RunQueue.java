package dev.hive.monitor.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The runs waiting for the rack, first come first served. Bounded: a full queue refuses with a
 * {@link QueueFullException} instead of growing. Enqueue, cancel and position lookups never block, so they may
 * be called from an event loop; only {@link #take} waits, on the task runner's own thread. Listeners hear the
 * new positions whenever they change. The run taken last is held until its taker {@link #release releases} it,
 * so {@link #lineup} shows the run on the rack and the waiting ones at one instant.
 */
public final class RunQueue {

    /**
     * The queue at one instant.
     *
     * @param taken the run taken and not yet released (the one on the rack)
     * @param waiting the waiting runs, next first
     */
    public record Lineup(Optional<Long> taken, List<Long> waiting) {}

    private final int capacity;
    private final Duration retryAfter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final List<Long> waiting = new ArrayList<>();
    private long taken = -1; // guarded by lock
    private final List<Consumer<Map<Long, Integer>>> listeners = new CopyOnWriteArrayList<>();

    public RunQueue(int capacity, Duration retryAfter) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a run queue holds at least one run, got " + capacity);
        }
        this.capacity = capacity;
        this.retryAfter = retryAfter;
    }

    /** Registers a listener for position changes: run id → position (1 is next). */
    public void onPositions(Consumer<Map<Long, Integer>> listener) {
        listeners.add(listener);
    }

    /**
     * Puts {@code runId} at the end of the queue and returns its position (1 is next).
     *
     * @throws QueueFullException when {@code capacity} runs are already waiting
     */
    public int enqueue(long runId) {
        Map<Long, Integer> positions;
        int position;
        lock.lock();
        try {
            if (waiting.contains(runId)) {
                throw new IllegalArgumentException("run " + runId + " is already queued");
            }
            if (waiting.size() >= capacity) {
                throw new QueueFullException(
                        "the run queue is full (" + capacity + " runs waiting); try again later", retryAfter);
            }
            waiting.add(runId);
            position = waiting.size();
            positions = positions();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        announce(positions);
        return position;
    }

    /** Removes a waiting run; returns false when it was not waiting (already taken, or unknown). */
    public boolean cancel(long runId) {
        Map<Long, Integer> positions;
        lock.lock();
        try {
            if (!waiting.remove(runId)) {
                return false;
            }
            positions = positions();
        } finally {
            lock.unlock();
        }
        announce(positions);
        return true;
    }

    /** The position of {@code runId} (1 is next), or 0 when it is not waiting. */
    public int position(long runId) {
        lock.lock();
        try {
            return waiting.indexOf(runId) + 1;
        } finally {
            lock.unlock();
        }
    }

    /** The waiting runs, next first. */
    public List<Long> waiting() {
        lock.lock();
        try {
            return List.copyOf(waiting);
        } finally {
            lock.unlock();
        }
    }

    /** The taken run and the waiting ones, read together. */
    public Lineup lineup() {
        lock.lock();
        try {
            return new Lineup(taken < 0 ? Optional.empty() : Optional.of(taken), List.copyOf(waiting));
        } finally {
            lock.unlock();
        }
    }

    /** The taker is done with {@code runId} (it has ended or was never started); a no-op for any other run. */
    public void release(long runId) {
        lock.lock();
        try {
            if (taken == runId) {
                taken = -1;
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many runs are waiting. */
    public int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next run, waiting at most {@code timeout} for one; it is held (see {@link #lineup}) until
     * {@link #release}d.
     *
     * @return the run id, or -1 when none came in time
     */
    public long take(Duration timeout) throws InterruptedException {
        Map<Long, Integer> positions;
        long next;
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (waiting.isEmpty()) {
                if (nanos <= 0) {
                    return -1;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            next = waiting.remove(0);
            taken = next;
            positions = positions();
        } finally {
            lock.unlock();
        }
        announce(positions);
        return next;
    }

    /** Takes the next run, waiting as long as it takes. */
    public long take() throws InterruptedException {
        long next;
        do {
            next = take(Duration.ofSeconds(TimeUnit.HOURS.toSeconds(1)));
        } while (next < 0);
        return next;
    }

    private Map<Long, Integer> positions() {
        var positions = new LinkedHashMap<Long, Integer>();
        for (int i = 0; i < waiting.size(); i++) {
            positions.put(waiting.get(i), i + 1);
        }
        return positions;
    }

    private void announce(Map<Long, Integer> positions) {
        for (var listener : listeners) {
            listener.accept(positions);
        }
    }
}
