package dev.hive.monitor.control;

import java.util.Optional;
import java.util.function.Supplier;

/** How control work takes the rack from the task runner (implemented over {@code TaskRunner}). */
public interface RackHold {

    /**
     * Runs {@code work} while no run uses the rack; runs taken meanwhile wait.
     *
     * @throws ControlRefusal with {@link ControlRefusal.Reason#BUSY} when a run is using the rack
     */
    <T> T whileIdle(Supplier<T> work);

    /** The run using the rack, if any. */
    Optional<Long> currentRun();

    /** The targets may no longer hold the testprogram: the next run flashes them first. */
    void targetsChanged();
}
