package dev.hive.cli.daemon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the daemon after a time with no request running ({@code HIVE_DAEMON_IDLE_MINUTES}, 30 by default): a check a
 * few times per idle period calls the daemon's exit once the last request ended that long ago.
 */
final class IdleExit {

    private final Duration after;
    private final Runnable exit;
    private int busy;
    private long idleSince = System.nanoTime();

    IdleExit(Duration after, Runnable exit) {
        this.after = after;
        this.exit = exit;
    }

    Duration after() {
        return after;
    }

    void start() {
        long period = Math.max(100, Math.min(after.toMillis() / 4, 10_000));
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "hive-daemon-idle");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void busy() {
        busy++;
    }

    synchronized void done() {
        busy--;
        idleSince = System.nanoTime();
    }

    private void check() {
        boolean idle;
        synchronized (this) {
            idle = busy == 0 && System.nanoTime() - idleSince >= after.toNanos();
        }
        if (idle) {
            exit.run();
        }
    }
}
