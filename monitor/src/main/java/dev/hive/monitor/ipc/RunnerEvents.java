package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;

/**
 * What a run's runner reports, as {@link RunnerLink} passes it on after validating it. The calls come from
 * the link's reader thread, one at a time, in the order the runner sent them; keep them short. Exactly one
 * of {@link #runFinished} and {@link #failed} ends the stream, and nothing is called after it.
 */
public interface RunnerEvents {

    /** A test started on a cell. */
    default void testStarted(TestStarted started) {}

    /** A test ended (or was skipped) on a cell. */
    default void testFinished(TestResult result) {}

    /** The runner logged a line. */
    default void log(Log log) {}

    /** The runner reported that it cannot complete the run; {@link #failed} follows at once. */
    default void runFailed(RunFailed failed) {}

    /** The run completed (or was cancelled) and the runner reported its summary; the link has ended. */
    void runFinished(Summary summary);

    /** The link ended without {@code runFinished}. */
    void failed(RunnerFailure failure);
}
