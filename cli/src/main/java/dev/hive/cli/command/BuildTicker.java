package dev.hive.cli.command;

import dev.hive.cli.report.Console;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While Maven builds the runner quietly, a terminal shows how long it has been building, on the progress line.
 * Without a terminal (or with {@code -v}, when Maven's own output streams) it only prints the start message.
 */
final class BuildTicker implements AutoCloseable {

    private final Console console;
    private final boolean tick;
    private ScheduledExecutorService timer;

    BuildTicker(Console console, boolean tick) {
        this.console = console;
        this.tick = tick;
    }

    /** The build started; {@code message} says what is being built. */
    void started(String message) {
        console.line(message);
        if (tick) {
            long start = System.nanoTime();
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hive-build-ticker");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(
                    () -> console.progress(
                            "Maven is building the runner... " + (System.nanoTime() - start) / 1_000_000_000 + " s"),
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            console.clearProgress();
        }
    }
}
