package dev.hive.monitor;

import dev.hive.monitor.fleet.Fleet;
import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.rack.RackReinitializer;
import dev.hive.monitor.task.TaskRunner;
import dev.hive.monitor.web.RunControl;
import dev.hive.monitor.web.graphql.GraphQLDependencies;
import java.util.Optional;

/**
 * The web UI reaches the rack through the task runner, which owns it while a run executes; a reload also touches
 * the targets' health, the fleet's inventory and the next run's flash. This class is that one sequence, kept out
 * of the composition root, which only hands it the parts.
 */
final class TaskRunnerRackControl implements GraphQLDependencies.RackControl {

    private final TaskRunner tasks;
    private final RunControl runControl;
    private final RackReinitializer reinitializer;
    private final TargetHealth health;
    private final Optional<Fleet> fleet;

    TaskRunnerRackControl(
            TaskRunner tasks,
            RunControl runControl,
            RackReinitializer reinitializer,
            TargetHealth health,
            Optional<Fleet> fleet) {
        this.tasks = tasks;
        this.runControl = runControl;
        this.reinitializer = reinitializer;
        this.health = health;
        this.fleet = fleet;
    }

    @Override
    public Optional<Long> currentRun() {
        return tasks.currentRun();
    }

    @Override
    public void targetsChanged() {
        tasks.targetsChanged();
    }

    @Override
    public boolean cancel(long runId) {
        return runControl.cancel(runId);
    }

    /** While the task runner is idle: reinitialises, marks every target UNKNOWN, tells the fleet and the runner. */
    @Override
    public RackReinitializer.Outcome reinitialize() {
        return tasks.whileIdle(() -> {
            RackReinitializer.Outcome outcome = reinitializer.reinitialize();
            health.markAllUnknown(HealthChange.Kind.SYSTEM, "monitor", "the rack was reloaded");
            fleet.ifPresent(Fleet::rackChanged);
            if (outcome.allFlashed()) {
                tasks.targetsFlashed();
            } else {
                tasks.targetsChanged();
            }
            return outcome;
        });
    }
}
