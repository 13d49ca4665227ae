package dev.hive.monitor.web.graphql;

import dev.hive.monitor.lease.Lease;
import dev.hive.monitor.lease.LeaseListener;
import dev.hive.monitor.log.LogEntry;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.TestResult;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the subscriptions listen to: which run changed (task runner phases, results and ends; queue
 * positions), that the queue may look different (a run queued, taken, started, cancelled or ended), every stored
 * log line, and that the rack may look different (an assignment, a flash, a lease granted or ended).
 */
public final class LiveEvents implements RunObserver, LeaseListener {

    final Topic<Long> runs = new Topic<>();
    final Topic<Boolean> queue = new Topic<>();
    final Topic<LogEntry> logs = new Topic<>();
    final Topic<Boolean> rack = new Topic<>();
    private Set<Long> queued = Set.of();

    /** Starts hearing the queue's positions, the runs' stored state changes and the stored log lines. */
    public void attach(RunQueue queue, RunRepository runRepository, LogRepository logRepository) {
        queue.onPositions(this::positions);
        runRepository.onTransition(this::runChanged);
        logRepository.onAppended(logs::publish);
    }

    private void positions(Map<Long, Integer> positions) {
        Set<Long> changed;
        synchronized (this) {
            changed = new HashSet<>(queued);
            changed.addAll(positions.keySet());
            queued = Set.copyOf(positions.keySet());
        }
        changed.forEach(runs::publish);
        queue.publish(Boolean.TRUE);
    }

    /** The rack's assignment, flash status or health may have changed. */
    public void rackChanged() {
        rack.publish(Boolean.TRUE);
    }

    /** A lease was granted: the rack drawing shows its holder. */
    @Override
    public void started(Lease lease) {
        rackChanged();
    }

    /** A lease ended: its target is no longer shown leased. */
    @Override
    public void ended(Lease lease) {
        rackChanged();
    }

    /** A run's stored state changed. */
    private void runChanged(long runId) {
        runs.publish(runId);
        queue.publish(Boolean.TRUE);
    }

    @Override
    public void phase(long runId, RunPhase phase) {
        runs.publish(runId);
        queue.publish(Boolean.TRUE);
        rackChanged();
    }

    @Override
    public void testFinished(long runId, TestResult result) {
        runs.publish(runId);
    }

    @Override
    public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
        runs.publish(runId);
        queue.publish(Boolean.TRUE);
        rackChanged();
    }
}
