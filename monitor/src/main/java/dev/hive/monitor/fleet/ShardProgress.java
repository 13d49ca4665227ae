package dev.hive.monitor.fleet;

/** One shard of a run in flight, as far as the front knows; guarded by its {@link FrontRun}'s monitor. */
final class ShardProgress {
    final String target;
    final String pinnedRack; // the one rack that may take it; null: any rack with the target
    long sequence; // its message on the work queue
    int attempt;
    String rack;
    ShardState end;
    String error;
    long loggedThrough; // the events stream number of its last log line stored (replayed ones are not logged again)

    ShardProgress(String target, String pinnedRack) {
        this.target = target;
        this.pinnedRack = pinnedRack;
    }
}
