package dev.hive.runner.suite;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What one channel's visit of one target may learn while its tests run: that the target was lost (the
 * monitor's {@code targetLost}) or that the run is stopping. The invocation running at the moment of a loss
 * ends at once with a {@link TargetLostException}.
 */
public final class TargetWatch {

    private final RunControl control;
    private String lost; // guarded by this
    private CompletableFuture<?> running; // guarded by this

    public TargetWatch(RunControl control) {
        this.control = control;
    }

    /** The target died: the running invocation ends as an error, later ones are skipped. */
    public synchronized void lose(String message) {
        if (lost != null) {
            return;
        }
        lost = message;
        if (running != null) {
            running.completeExceptionally(new TargetLostException(message));
        }
    }

    /** The message of the loss, if the target was lost during this visit. */
    public synchronized Optional<String> lost() {
        return Optional.ofNullable(lost);
    }

    /** The reason the run is stopping, if it is. */
    public Optional<String> stopReason() {
        return control.stopReason();
    }

    synchronized void enter(CompletableFuture<?> invocation) {
        running = invocation;
        if (lost != null) {
            invocation.completeExceptionally(new TargetLostException(lost));
        }
    }

    synchronized void leave() {
        running = null;
    }
}
