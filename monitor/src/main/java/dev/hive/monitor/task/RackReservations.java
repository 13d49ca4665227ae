package dev.hive.monitor.task;

import dev.hive.protocol.rack.RackDescription;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The task runner's one hook for parts of the rack held by someone else (leases, {@code docs/leases.md}): what a
 * run may see, flash and use. The task runner calls {@link #begin} when a run starts, {@link #flash} for its
 * FLASHING and RESTORING phases, {@link #describe} for the runner's {@code welcome}, and {@link #end} when the run
 * is over. {@link #NONE} holds nothing back.
 */
public interface RackReservations {

    /** Run {@code runId} starts: from now until {@link #end} it owns every part not reserved at this moment. */
    void begin(long runId);

    /**
     * The rack as run {@code runId} may use it: reserved targets and channels are left out, and each part left
     * out is told to {@code note} (a line for the run's log) with who holds it and until when.
     */
    RackDescription describe(long runId, RackDescription rack, Consumer<String> note);

    /** Flashes the targets a run may touch with {@code build} (every known target when nothing is reserved). */
    Map<SlotAddress, FlashStatus> flash(RackBackend rack, TestprogramBuild build);

    /** Run {@code runId} is over: what it owned may be reserved again. */
    void end(long runId);

    RackReservations NONE = new RackReservations() {
        @Override
        public void begin(long runId) {}

        @Override
        public RackDescription describe(long runId, RackDescription rack, Consumer<String> note) {
            return rack;
        }

        @Override
        public Map<SlotAddress, FlashStatus> flash(RackBackend rack, TestprogramBuild build) {
            return rack.flash(build);
        }

        @Override
        public void end(long runId) {}
    };
}
