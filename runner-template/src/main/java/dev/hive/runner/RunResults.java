package dev.hive.runner;

import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.runner.ipc.MonitorLink;
import dev.hive.runner.suite.ResultSink;
import java.io.IOException;
import java.util.function.Consumer;

/** Sends each result to the monitor the moment it exists, and counts it for the run's summary. */
final class RunResults implements ResultSink {

    private final MonitorLink link;
    private final Consumer<IOException> linkFailed;
    private final Summary.Tally tally = new Summary.Tally();

    RunResults(MonitorLink link, Consumer<IOException> linkFailed) {
        this.link = link;
        this.linkFailed = linkFailed;
    }

    @Override
    public void started(TestStarted started) {
        send(started);
    }

    @Override
    public void finished(TestResult result) {
        tally.add(result);
        send(new TestFinished(result));
    }

    Summary summary(long durationMillis) {
        return tally.toSummary(durationMillis);
    }

    private void send(dev.hive.protocol.ipc.IpcMessage message) {
        try {
            link.send(message);
        } catch (IOException e) {
            linkFailed.accept(e);
        }
    }
}
