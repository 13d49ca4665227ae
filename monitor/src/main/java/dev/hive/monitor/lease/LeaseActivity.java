package dev.hive.monitor.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many streams each open lease has attached, and since when none has been: a lease with none for
 * {@code leases.idleMinutes} is reclaimed ({@link LeaseEnd#IDLE}). The time counts from the grant or from the last
 * stream's close.
 */
final class LeaseActivity {

    private final Clock clock;
    private final Map<Long, Activity> activity = new ConcurrentHashMap<>();

    private static final class Activity {
        int streams;
        Instant idleSince;

        Activity(Instant since) {
            idleSince = since;
        }
    }

    LeaseActivity(Clock clock) {
        this.clock = clock;
    }

    /** Lease {@code id} was granted {@code at}: idle from then until a stream attaches. */
    void started(long id, Instant at) {
        activity.put(id, new Activity(at));
    }

    /** Lease {@code id} ended: no longer counted. */
    void ended(long id) {
        activity.remove(id);
    }

    void attached(long id) {
        Activity a = activity.get(id);
        if (a != null) {
            synchronized (a) {
                a.streams++;
            }
        }
    }

    void detached(long id) {
        Activity a = activity.get(id);
        if (a != null) {
            synchronized (a) {
                a.streams = Math.max(0, a.streams - 1);
                if (a.streams == 0) {
                    a.idleSince = clock.instant();
                }
            }
        }
    }

    /** Whether lease {@code id} has had no stream for {@code idle} at {@code now}; false when it is not counted. */
    boolean idle(long id, Instant now, Duration idle) {
        Activity a = activity.get(id);
        if (a == null) {
            return false;
        }
        synchronized (a) {
            return a.streams == 0 && !now.isBefore(a.idleSince.plus(idle));
        }
    }
}
