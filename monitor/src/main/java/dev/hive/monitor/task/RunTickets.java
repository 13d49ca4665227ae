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
        purgeExpired();
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

    /** The run of {@code ticket} if it is pending and unexpired; the ticket is used up either way. */
    public synchronized OptionalLong redeem(String ticket) {
        Pending found = ticket == null ? null : pending.remove(ticket);
        if (found == null || !clock.instant().isBefore(found.expires())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(found.runId());
    }

    /** Forgets expired tickets and returns the runs they belonged to, so they can be dropped too. */
    public synchronized List<Long> purgeExpired() {
        Instant now = clock.instant();
        var expired = new ArrayList<Long>();
        pending.values().removeIf(p -> {
            boolean gone = !now.isBefore(p.expires());
            if (gone) {
                expired.add(p.runId());
            }
            return gone;
        });
        return expired;
    }

    /** How many tickets are outstanding (expired ones included until the next purge). */
    public synchronized int pendingCount() {
        return pending.size();
    }
}
