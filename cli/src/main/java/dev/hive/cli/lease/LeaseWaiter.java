package dev.hive.cli.lease;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.report.Console;
import java.time.Duration;

/**
 * Waits for a pending lease (asked for with {@code wait} while a run was in progress) to be granted: says which run it
 * waits for, asks the monitor for the lease every second (which also tells the monitor its client is still there),
 * shows how long it has waited, and gives up after a bound, releasing the lease. Ctrl-C while it waits releases the
 * pending lease too, so nobody is granted a target they no longer want.
 */
public final class LeaseWaiter {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PLAIN_PROGRESS = Duration.ofSeconds(30);

    private final LeaseClient leases;
    private final Console console;

    public LeaseWaiter(LeaseClient leases, Console console) {
        this.leases = leases;
        this.console = console;
    }

    /**
     * The lease once it is open: at once when {@code lease} is not pending.
     *
     * @param limit the most time to wait
     * @throws CliException when the lease ends without being granted, or the limit passes (the lease is released)
     */
    public JsonNode awaitGranted(JsonNode lease, Duration limit) {
        if (!"pending".equals(lease.path("state").asText())) {
            return lease;
        }
        long id = lease.path("id").asLong();
        long run = lease.path("waitsForRun").asLong();
        console.error("waiting for run " + run + " to end (queued lease " + id + ")");
        Thread releaseOnInterrupt = new Thread(() -> releaseQuietly(id), "hive-release-pending-lease");
        Runtime.getRuntime().addShutdownHook(releaseOnInterrupt);
        long start = System.nanoTime();
        long lastPlain = start;
        try {
            while (true) {
                JsonNode now = leases.find(id);
                String state = now.path("state").asText();
                if (state.equals("open")) {
                    console.clearProgress();
                    console.error(
                            "lease " + id + " granted after " + human(Duration.ofNanos(System.nanoTime() - start)));
                    return now;
                }
                if (state.equals("ended")) {
                    console.clearProgress();
                    throw new CliException(
                            ExitCode.UNAVAILABLE,
                            "lease " + id + " was not granted: "
                                    + now.path("end").asText()
                                    + (now.hasNonNull("endMessage")
                                            ? " (" + now.path("endMessage").asText() + ")"
                                            : ""));
                }
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                if (waited.compareTo(limit) >= 0) {
                    console.clearProgress();
                    releaseQuietly(id);
                    throw new CliException(
                            ExitCode.UNAVAILABLE,
                            "run " + run + " did not end within " + human(limit)
                                    + " (--wait-minutes); the queued lease " + id + " is released");
                }
                if (console.terminal()) {
                    console.progress("waiting for run " + run + " to end: " + human(waited));
                } else if (System.nanoTime() - lastPlain >= PLAIN_PROGRESS.toNanos()) {
                    lastPlain = System.nanoTime();
                    console.error("still waiting for run " + run + " to end (" + human(waited) + ")");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseQuietly(id);
            throw new CliException(
                    ExitCode.UNAVAILABLE, "interrupted while waiting; the queued lease " + id + " is released");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(releaseOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (Ctrl-C): it releases the lease
            }
        }
    }

    private void releaseQuietly(long id) {
        try {
            leases.release(id);
        } catch (RuntimeException e) {
            // the monitor reclaims a pending lease nobody asks for
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }
}
