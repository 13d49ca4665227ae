package dev.hive.monitor.ipc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * How a link starts and waits for its threads. Every thread a {@link RunnerLink} starts (accept, reader, the
 * bus per channel, the sender) is a daemon named for its run and role, so a runaway runner never keeps the
 * monitor alive and a thread dump says whose thread is stuck; when the link ends it waits for each at most two
 * minutes. The link, its {@link BusRequests} and its {@link RunnerOutbox} share these rules.
 */
final class LinkThreads {

    private LinkThreads() {}

    /** A factory of daemon threads with the given name. */
    static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Waits for a shut-down executor to finish (two minutes at most), then stops what is left. */
    static void await(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a thread to end (two minutes at most); returns at once when called from that thread. */
    static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
