package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the link passes on, in order. */
final class RecordingEvents implements RunnerEvents {

    final List<Object> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Summary> finished = new CompletableFuture<>();
    final CompletableFuture<RunnerFailure> failed = new CompletableFuture<>();

    @Override
    public void testStarted(TestStarted started) {
        events.add(started);
    }

    @Override
    public void testFinished(TestResult result) {
        events.add(result);
    }

    @Override
    public void log(Log log) {
        events.add(log);
    }

    @Override
    public void runFailed(RunFailed runFailed) {
        events.add(runFailed);
    }

    @Override
    public void runFinished(Summary summary) {
        events.add(summary);
        finished.complete(summary);
    }

    @Override
    public void failed(RunnerFailure failure) {
        events.add(failure);
        failed.complete(failure);
    }
}
