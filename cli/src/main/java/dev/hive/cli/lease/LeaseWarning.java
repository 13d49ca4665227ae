package dev.hive.cli.lease;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.report.Console;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Warns on standard error five minutes before a lease ends (once per end time: an extension re-arms it), looking at
 * the lease every 30 s so an extension from elsewhere is seen. The monitor ends the lease; this only tells the user.
 */
public final class LeaseWarning implements AutoCloseable {

    static final Duration AHEAD = Duration.ofMinutes(5);
    private static final Duration LOOK = Duration.ofSeconds(30);

    private final LeaseClient leases;
    private final long id;
    private final Console console;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hive-lease-warning");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant warnedFor;

    public LeaseWarning(LeaseClient leases, long id, Console console, Clock clock) {
        this.leases = leases;
        this.id = id;
        this.console = console;
        this.clock = clock;
    }

    /** Starts watching; {@code lease} is the lease as last seen. */
    public LeaseWarning start(JsonNode lease) {
        check(lease);
        timer.scheduleWithFixedDelay(this::look, LOOK.toMillis(), LOOK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void look() {
        try {
            check(leases.find(id));
        } catch (RuntimeException e) {
            // the monitor is away for a moment or the lease ended: the stream's close says so
        }
    }

    /** Warns when {@code lease} ends within five minutes and this end was not warned about yet. */
    void check(JsonNode lease) {
        if (!"open".equals(lease.path("state").asText())) {
            return;
        }
        Instant end = Instant.parse(lease.path("expiresAt").asText());
        Duration left = Duration.between(clock.instant(), end);
        if (left.compareTo(AHEAD) <= 0 && !end.equals(warnedFor)) {
            warnedFor = end;
            console.error("hive: lease " + id + " ends in " + Math.max(0, left.toSeconds() / 60) + " min "
                    + (left.toSeconds() % 60) + " s (at " + end + "); extend it with: hive lease extend " + id);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
