package dev.hive.monitor.control;

import dev.hive.monitor.task.RackInUseException;
import dev.hive.monitor.task.TaskRunner;
import java.util.Optional;
import java.util.function.Supplier;

/** The rack as the task runner lends it: control work waits for no run, it is refused while one is on. */
public final class TaskRunnerHold implements RackHold {

    private final TaskRunner tasks;

    public TaskRunnerHold(TaskRunner tasks) {
        this.tasks = tasks;
    }

    @Override
    public <T> T whileIdle(Supplier<T> work) {
        try {
            return tasks.whileIdle(work);
        } catch (RackInUseException e) {
            throw new ControlRefusal(ControlRefusal.Reason.BUSY, e.getMessage());
        }
    }

    @Override
    public Optional<Long> currentRun() {
        return tasks.currentRun();
    }

    @Override
    public void targetsChanged() {
        tasks.targetsChanged();
    }
}
