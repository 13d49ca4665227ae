package dev.hive.monitor.task;

import dev.hive.protocol.rack.RackDescription;

/**
 * What the task runner asks before and after a run about the targets it hands the runner: which of them the
 * run may use (a target that may not is handed over with the reason, {@code TargetDescription.unavailable}, so
 * its tests are SKIPPED with that reason, never silently missing), and who must hear that a run ended with an
 * infrastructure error. Target health implements it ({@code health.HealthGate}); a lease can be one more gate
 * (see {@link #then}).
 */
public interface TargetGate {

    /** Lets every target through and hears nothing. */
    TargetGate OPEN = new TargetGate() {
        @Override
        public RackDescription admit(long runId, RackDescription description) {
            return description;
        }

        @Override
        public void infrastructureError(long runId, RackDescription admitted, String error) {}
    };

    /** The description the runner gets: {@code description} with the targets it may not use marked. */
    RackDescription admit(long runId, RackDescription description);

    /** The run, which had the targets of {@code admitted}, ended with an infrastructure error. */
    void infrastructureError(long runId, RackDescription admitted, String error);

    /** This gate, then {@code next} (a target either refuses is refused, with the first reason). */
    default TargetGate then(TargetGate next) {
        TargetGate first = this;
        return new TargetGate() {
            @Override
            public RackDescription admit(long runId, RackDescription description) {
                return next.admit(runId, first.admit(runId, description));
            }

            @Override
            public void infrastructureError(long runId, RackDescription admitted, String error) {
                first.infrastructureError(runId, admitted, error);
                next.infrastructureError(runId, admitted, error);
            }
        };
    }
}
