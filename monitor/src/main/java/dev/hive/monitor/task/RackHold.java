package dev.hive.monitor.task;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rack as one resource: held by the task runner's thread while it executes a run, including the reflash of the
 * run's targets after its end has been told, and by {@link TaskRunner#whileIdle} work (a rack reload, an idle health
 * check). Work that finds only that reflash or other idle work holding the rack waits for it instead of being
 * refused: for its client the run has ended, and idle work is short.
 */
final class RackHold {

    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean restoring;
    private volatile boolean run;

    /** Holds the rack for a run, waiting as long as it takes. */
    void holdForRun() throws InterruptedException {
        lock.lockInterruptibly();
        run = true;
    }

    /** The holding run has ended; it holds the rack only to reflash its targets. */
    void restoring() {
        restoring = true;
    }

    /** Holds the rack if it is free, or within {@code wait} if a reflash after a run's end or idle work holds it. */
    boolean tryHold(Duration wait) {
        if (lock.tryLock()) {
            return true;
        }
        try {
            return (restoring || !run) && lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        if (lock.getHoldCount() == 1) {
            restoring = false;
            run = false;
        }
        lock.unlock();
    }
}
