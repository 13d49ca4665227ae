package dev.hive.monitor.task;

import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.TestResult;
import java.util.List;
import java.util.Optional;

/**
 * Hears what happens to the runs the {@link TaskRunner} executes, e.g. to stream it over a WebSocket. Calls
 * come from the task runner's thread and from the runner link's reader thread, one run at a time; keep them
 * short and do not block. An exception thrown here is logged and otherwise ignored.
 */
public interface RunObserver {

    /** The run entered {@code phase}. */
    default void phase(long runId, RunPhase phase) {}

    /** A test started on a cell. */
    default void testStarted(long runId, TestStarted started) {}

    /** A test ended on a cell; the result is stored already. */
    default void testFinished(long runId, TestResult result) {}

    /** A test ended on a cell of {@code rack} (a fleet's rack, for a run on a fleet's front); as above otherwise. */
    default void testFinished(long runId, TestResult result, String rack) {
        testFinished(runId, result);
    }

    /**
     * A log line of the run: the runner's own log messages ({@code source} "runner"), and the lines of its
     * stdout and stderr ({@code source} "stdout"/"stderr", at the end of the run, bounded).
     */
    default void log(long runId, String source, String level, String message) {}

    /**
     * The run ended; nothing about it follows.
     *
     * @param state FINISHED, FAILED (an infrastructure error: the runner or the rack failed), CANCELLED or
     *     INTERRUPTED
     * @param summary the counts of the results that were stored (also for a failed or cancelled run)
     * @param error for FAILED (and INTERRUPTED): what went wrong, with an excerpt of the runner's output
     */
    default void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {}

    /** An observer that tells each of {@code observers} in turn; one that throws does not stop the others. */
    static RunObserver all(RunObserver... observers) {
        List<RunObserver> list = List.of(observers);
        return new RunObserver() {
            private void each(java.util.function.Consumer<RunObserver> call) {
                for (RunObserver o : list) {
                    try {
                        call.accept(o);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(RunObserver.class).warn("a run observer failed", e);
                    }
                }
            }

            @Override
            public void phase(long runId, RunPhase phase) {
                each(o -> o.phase(runId, phase));
            }

            @Override
            public void testStarted(long runId, TestStarted started) {
                each(o -> o.testStarted(runId, started));
            }

            @Override
            public void testFinished(long runId, TestResult result) {
                each(o -> o.testFinished(runId, result));
            }

            @Override
            public void testFinished(long runId, TestResult result, String rack) {
                each(o -> o.testFinished(runId, result, rack));
            }

            @Override
            public void log(long runId, String source, String level, String message) {
                each(o -> o.log(runId, source, level, message));
            }

            @Override
            public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
                each(o -> o.finished(runId, state, summary, error));
            }
        };
    }

    /** An observer that hears nothing. */
    RunObserver NONE = new RunObserver() {};
}
