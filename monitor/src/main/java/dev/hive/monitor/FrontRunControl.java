package dev.hive.monitor;

import dev.hive.monitor.fleet.ShardDispatcher;
import dev.hive.monitor.web.RunControl;
import dev.hive.protocol.run.RunOptions;

/**
 * A fleet's front executes its runs on the fleet's racks, so its shard dispatcher, not the task runner, cancels
 * and admits them; the fleet package does not import {@code web}, so this adapter lives in the composition root.
 */
final class FrontRunControl implements RunControl {

    private final ShardDispatcher dispatcher;

    FrontRunControl(ShardDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean cancel(long runId) {
        return dispatcher.cancel(runId);
    }

    @Override
    public void admit(RunOptions options) {
        dispatcher.admit(options);
    }
}
