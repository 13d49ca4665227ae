package dev.hive.monitor.task;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * WebSocket tickets: what {@code POST /api/v1/runs} hands out and the socket redeems. A ticket is 18 random
 * bytes in URL-safe base64 (24 characters), good for one use within its lifetime. Pending tickets are
 * bounded; an expired one is as unknown as one that never existed.
 */
public final class RunTickets {

    private static final int TICKET_BYTES = 18;

    private record Pending(long runId, Instant expires) {}

    private final int maxPending;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Pending> pending = new HashMap<>();
    /** Runs whose ticket expired and that {@link #purgeExpired()} has not reported yet. */
    private final List<Long> expiredRuns = new ArrayList<>();

    public RunTickets(int maxPending, Duration lifetime, Clock clock, SecureRandom random) {
        this.maxPending = maxPending;
        this.lifetime = lifetime;
        this.clock = clock;
        this.random = random;
    }

    /**
     * A new ticket for {@code runId}.
     *
     * @throws QueueFullException when {@code maxPending} unexpired tickets are outstanding
     */
    public synchronized String issue(long runId) {
        dropExpired();
        if (pending.size() >= maxPending) {
            throw new QueueFullException(
                    "too many runs are waiting for their WebSocket (" + maxPending + "); try again later", lifetime);
        }
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(ticket, new Pending(runId, clock.instant().plus(lifetime)));
        return ticket;
    }

    /**
     * A new ticket for {@code runId} in place of its pending one, when it has one that is unexpired (its socket was
     * never opened): the earlier ticket is void from now on. Empty when the run has no such ticket (its socket
     * redeemed it, or it expired).
     */
    public synchronized Optional<String> reissue(long runId) {
        dropExpired();
        boolean held = pending.values().removeIf(p -> p.runId() == runId);
        if (!held) {
            return Optional.empty();
        }
        return Optional.of(issue(runId));
    }

    /** The run of {@code ticket} if it is pending and unexpired; the ticket is used up either way. */
    public synchronized OptionalLong redeem(String ticket) {
        Pending found = ticket == null ? null : pending.remove(ticket);
        if (found == null) {
            return OptionalLong.empty();
        }
        if (!clock.instant().isBefore(found.expires())) {
            expiredRuns.add(found.runId()); // still to be reported: its run must be dropped too
            return OptionalLong.empty();
        }
        return OptionalLong.of(found.runId());
    }

    /**
     * Forgets expired tickets and returns the runs they belonged to, so they can be dropped too: also the runs
     * whose expired ticket was presented, or dropped by {@link #issue}, since the last call. Each run is reported
     * once.
     */
    public synchronized List<Long> purgeExpired() {
        dropExpired();
        var expired = new ArrayList<>(expiredRuns);
        expiredRuns.clear();
        return expired;
    }

    private void dropExpired() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> {
            boolean gone = !now.isBefore(p.expires());
            if (gone) {
                expiredRuns.add(p.runId());
            }
            return gone;
        });
    }

    /** How many tickets are outstanding (expired ones included until the next purge). */
    public synchronized int pendingCount() {
        return pending.size();
    }
}
