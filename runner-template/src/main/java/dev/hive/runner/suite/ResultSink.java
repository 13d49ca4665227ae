package dev.hive.runner.suite;

import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.TestResult;

/**
 * Where results go as they happen; the runner sends them to the monitor at once. Called from channel threads;
 * implementations are thread-safe and never hold results back in a bounded buffer.
 */
public interface ResultSink {

    /** A test starts on a cell. Skipped tests never start. */
    void started(TestStarted started);

    /** A test ended on a cell (or was skipped there). */
    void finished(TestResult result);
}
