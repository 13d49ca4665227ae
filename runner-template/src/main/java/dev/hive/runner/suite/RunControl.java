package dev.hive.runner.suite;

import java.util.Optional;

/**
 * The run-wide stop signal: set by a {@code cancel} from the monitor or by the run's time limit. Once it is
 * set, the test that is running finishes and is reported; nothing new starts.
 */
public final class RunControl {

    private volatile String stopReason;

    /** Asks the run to stop after the tests that are running now; the first reason wins. */
    public synchronized void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopped() {
        return stopReason != null;
    }

    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }
}
