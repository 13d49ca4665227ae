package dev.hive.monitor.fleet;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells an idle rack that a shard for it was just published, so it asks the work queue at once instead of on its
 * next poll. It listens (plain NATS, no JetStream) on the work queue's own subjects of the rack's targets and of the
 * runs pinned to it: the hub passes a published shard to such listeners as it stores it. A ring is only a hint:
 * the rack then claims from the consumers as always (one shard, only while idle, no prefetch), and still asks on
 * a slow timer, for what no publication announces (a shard whose claim lapsed is delivered again without one) and
 * for a hub whose permission file predates this listener.
 */
final class WorkDoorbell {

    private final String rackId;
    private final Object lock = new Object();
    private boolean rung;
    private Connection on; // the connection the subscriptions are on
    private Dispatcher dispatcher;
    private List<String> subjects = List.of();

    WorkDoorbell(String rackId) {
        this.rackId = rackId;
    }

    /** The subjects a rack with {@code targets} listens on: its targets' work and the runs pinned to it. */
    static List<String> subjects(String rackId, List<String> targets) {
        List<String> subjects = new ArrayList<>();
        subjects.add("hive.v1.runs.r." + HubResources.token(rackId) + ".>");
        targets.stream().distinct().map(HubResources::workSubject).forEach(subjects::add);
        return List.copyOf(subjects);
    }

    /** Listens on {@code c} for the rack's current targets; a no-op when it does already (the puller's thread). */
    void listen(Connection c, List<String> targets) {
        List<String> wanted = subjects(rackId, targets);
        if (c == on && wanted.equals(subjects)) {
            return;
        }
        if (dispatcher != null && on == c) {
            c.closeDispatcher(dispatcher);
        }
        dispatcher = c.createDispatcher(message -> ring());
        wanted.forEach(dispatcher::subscribe);
        on = c;
        subjects = wanted;
    }

    /** Wakes the waiting puller (a shard was published, or the rack became idle). */
    void ring() {
        synchronized (lock) {
            rung = true;
            lock.notifyAll();
        }
    }

    /**
     * Forgets rings before a look at the work queue: a shard published from now on rings again.
     *
     * @return whether it had rung since the last call
     */
    boolean clear() {
        synchronized (lock) {
            boolean was = rung;
            rung = false;
            return was;
        }
    }

    /**
     * Waits until a ring since the last {@link #clear} or {@code most} passed.
     *
     * @return whether it rang
     */
    boolean await(Duration most) throws InterruptedException {
        long deadline = System.nanoTime() + most.toNanos();
        synchronized (lock) {
            while (!rung) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
