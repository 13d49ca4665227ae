package dev.hive.monitor.health;

import dev.hive.monitor.task.RackInUseException;
import dev.hive.monitor.task.TaskRunner;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the targets that are due while the rack is idle: every {@link #PERIOD} it asks the task runner for the
 * rack ({@link TaskRunner#whileIdle}); when a run holds it, it tries again next time (that run checked its due
 * targets itself before it started). A run queued meanwhile waits for the checks in progress.
 */
public final class IdleHealthChecks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdleHealthChecks.class);
    static final Duration PERIOD = Duration.ofSeconds(30);

    private final ScheduledExecutorService timer;

    private IdleHealthChecks(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts checking; the first look is after {@code firstDelay}. */
    public static IdleHealthChecks start(HealthChecks checks, TaskRunner tasks, Duration firstDelay) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hive-health-checks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> checkIdle(checks, tasks), firstDelay.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return new IdleHealthChecks(timer);
    }

    private static void checkIdle(HealthChecks checks, TaskRunner tasks) {
        try {
            if (checks.due().isEmpty()) {
                return;
            }
            tasks.whileIdle(() -> {
                try {
                    return checks.checkDue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the monitor is stopping; nothing was recorded
                    return null;
                }
            });
        } catch (RackInUseException e) {
            LOG.debug("health checks wait: a run holds the rack");
        } catch (RuntimeException e) {
            LOG.warn("the idle health checks failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
