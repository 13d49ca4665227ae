package dev.hive.monitor.metrics;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.TestResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and times the runs from the task runner's events: {@code hive_runs_total{outcome}}, {@code
 * hive_run_duration_seconds{outcome}} (from its first phase to its end: the time it held the rack), {@code
 * hive_run_phase_duration_seconds{phase}} and {@code hive_test_results_total{status}}. A run that never
 * reached a phase (cancelled in the queue) is counted but not timed.
 */
public final class RunMetrics implements RunObserver {

    /** How a run ended, as the CLI's exit code tells it. */
    enum Outcome {
        /** Finished, no test failed or errored. */
        PASSED,
        /** Finished with at least one failed or errored test. */
        TESTS_FAILED,
        /** An infrastructure error: the runner or the rack failed (state FAILED). */
        ERROR,
        CANCELLED,
        INTERRUPTED;

        static Outcome of(RunState state, Run.Summary summary) {
            return switch (state) {
                case FINISHED -> summary.failed() + summary.errors() > 0 ? TESTS_FAILED : PASSED;
                case FAILED -> ERROR;
                case CANCELLED -> CANCELLED;
                case INTERRUPTED -> INTERRUPTED;
                case QUEUED, RUNNING -> throw new IllegalArgumentException("a run does not end " + state);
            };
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Duration[] RUN_BUCKETS = seconds(5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600);
    private static final Duration[] PHASE_BUCKETS = seconds(0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 300, 1200);

    private record Started(long runStart, RunPhase phase, long phaseStart) {}

    private final MeterRegistry registry;
    private final Map<Long, Started> running = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            runs(outcome); // every outcome shows from the start, at 0
        }
    }

    @Override
    public void phase(long runId, RunPhase phase) {
        long now = System.nanoTime();
        running.compute(runId, (id, before) -> {
            if (before == null) {
                return new Started(now, phase, now);
            }
            phaseTimer(before.phase()).record(Duration.ofNanos(now - before.phaseStart()));
            return new Started(before.runStart(), phase, now);
        });
    }

    @Override
    public void testFinished(long runId, TestResult result) {
        Counter.builder("hive.test.results")
                .description("Test results stored, by status")
                .tag("status", result.status().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    @Override
    public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
        long now = System.nanoTime();
        Outcome outcome = Outcome.of(state, summary);
        runs(outcome).increment();
        Started started = running.remove(runId);
        if (started != null) {
            phaseTimer(started.phase()).record(Duration.ofNanos(now - started.phaseStart()));
            Timer.builder("hive.run.duration")
                    .description("Time a run held the rack, from its first phase to its end")
                    .tag("outcome", outcome.tag())
                    .serviceLevelObjectives(RUN_BUCKETS)
                    .register(registry)
                    .record(Duration.ofNanos(now - started.runStart()));
        }
    }

    private Counter runs(Outcome outcome) {
        return Counter.builder("hive.runs")
                .description("Runs that ended, by outcome")
                .tag("outcome", outcome.tag())
                .register(registry);
    }

    private Timer phaseTimer(RunPhase phase) {
        return Timer.builder("hive.run.phase.duration")
                .description("Time runs spent in each phase")
                .tag("phase", phase.name().toLowerCase(Locale.ROOT))
                .serviceLevelObjectives(PHASE_BUCKETS)
                .register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return out;
    }

    static Duration[] bucketsOf(double... values) {
        return seconds(values);
    }
}
