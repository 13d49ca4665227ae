package dev.hive.monitor.fleet;

/** One shard of a run in flight, as far as the front knows; guarded by its {@link FrontRun}'s monitor. */
final class ShardProgress {
    final String target;
    long sequence; // its message on the work queue
    int attempt;
    String rack;
    ShardState end;
    String error;

    ShardProgress(String target) {
        this.target = target;
    }
}
