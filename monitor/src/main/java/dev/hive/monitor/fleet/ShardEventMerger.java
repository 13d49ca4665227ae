package dev.hive.monitor.fleet;

import dev.hive.monitor.log.LogEntry;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.log.LogSource;
import dev.hive.monitor.task.CellSetup;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.ShardEvent;
import io.nats.client.Message;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the racks report on a run's events subject back into the run's results, log lines and end,
 * through the observers the task runner feeds. The first complete attempt of a shard wins: events of an older
 * attempt than the newest seen are ignored, a cell's result is taken once (a later attempt does not report
 * again what a lost rack reported), and nothing of a shard is taken after its end.
 */
final class ShardEventMerger {

    private static final Logger LOG = LoggerFactory.getLogger(ShardEventMerger.class);

    private final FrontRuns runs;
    private final ResultRepository results;
    private final LogRepository logs;
    private final RunObserver observer;
    private final Clock clock;
    private final FleetCodec codec = new FleetCodec();

    ShardEventMerger(FrontRuns runs, ResultRepository results, LogRepository logs, RunObserver observer, Clock clock) {
        this.runs = runs;
        this.results = results;
        this.logs = logs;
        this.observer = observer;
        this.clock = clock;
    }

    /** One message of a run's events subject (on the subscription's dispatcher thread). */
    void onEvent(Message message) {
        ShardEvent e;
        try {
            e = codec.event(message.getData());
        } catch (IllegalArgumentException ex) {
            LOG.warn("fleet: an event on {} is not a shard event: {}", message.getSubject(), ex.getMessage());
            return;
        }
        FrontRun f = runs.get(e.runKey());
        if (f == null) {
            return;
        }
        boolean allEnded;
        long sequence = streamSequence(message);
        synchronized (f) {
            f.lastEvent = Math.max(f.lastEvent, sequence); // a number the hub handed out, whatever is taken of it
            ShardProgress s = f.shards.get(e.target());
            if (f.over || s == null || s.end != null || e.attempt() < s.attempt) {
                return;
            }
            if (e.attempt() > s.attempt) {
                if (s.attempt > 0) {
                    runs.note(
                            f.runId,
                            "WARN",
                            "target " + s.target + ": attempt " + e.attempt() + " on rack " + e.rackId() + " (rack "
                                    + s.rack + " lost its claim)");
                }
                runs.attempt(f, s, e.attempt(), e.rackId());
            }
            take(f, s, e, sequence);
            allEnded = f.overWhenAllEnded();
        }
        if (allEnded) {
            runs.finish(f);
        }
    }

    /** The message's number in the events stream; 0 when it did not come from the stream. */
    private static long streamSequence(Message message) {
        try {
            return message.isJetStream() ? message.metaData().streamSequence() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * One event of the current attempt of shard {@code s}, number {@code sequence} of the events stream; called
     * holding {@code f}. A log line the front stored before it restarted (replayed: not after the shard's
     * {@code loggedThrough}) is not stored again.
     */
    private void take(FrontRun f, ShardProgress s, ShardEvent e, long sequence) {
        if (e.event() instanceof TestStarted t) {
            observer.testStarted(
                    f.runId,
                    new dev.hive.protocol.ipc.TestStarted(t.testId(), t.displayName(), t.cell(), t.startedAt()));
        } else if (e.event() instanceof TestFinished t) {
            if (!f.seen.add(cellKey(t.result()))) {
                return; // an earlier attempt on a lost rack reported it already
            }
            results.append(TestResult.of(
                    f.runId, t.result(), Optional.of(new CellSetup(e.rackId(), Optional.empty(), Optional.empty()))));
            observer.testFinished(f.runId, t.result(), e.rackId());
        } else if (e.event() instanceof LogLine l) {
            if (sequence > 0 && sequence <= s.loggedThrough) {
                return;
            }
            logs.append(LogEntry.of(
                    LogSource.RUNNER,
                    Optional.of(f.runId),
                    l.level(),
                    "fleet." + e.rackId() + "." + l.source(),
                    l.message(),
                    clock.instant()));
            observer.log(f.runId, l.source(), l.level(), "[" + e.rackId() + "] " + l.message());
            if (sequence > 0) {
                runs.logged(f, s, sequence);
            }
        } else if (e.event() instanceof RunEnded r) {
            runs.ended(f, s, ShardState.of(RunState.fromDb(r.state())), r.error());
            runs.note(
                    f.runId,
                    "INFO",
                    "target " + s.target + " " + r.state() + " on rack " + e.rackId() + " (attempt " + e.attempt()
                            + ")");
        }
    }

    private static String cellKey(dev.hive.protocol.run.TestResult r) {
        var c = r.cell();
        return cellKey(c.target(), c.channel(), c.probeSerial(), c.stack(), c.slot(), r.testId());
    }

    /** The key of a stored result's cell and test: a front that picks a run up again does not store it twice. */
    static String cellKey(TestResult r) {
        return cellKey(
                r.target().orElse(""),
                r.channel().orElse(-1),
                r.probeSerial().orElse(""),
                r.stack().orElse(-1),
                r.slot().orElse(-1),
                r.testId());
    }

    private static String cellKey(String target, int channel, String probeSerial, int stack, int slot, String testId) {
        return target + "\n" + channel + "\n" + probeSerial + "\n" + stack + "\n" + slot + "\n" + testId;
    }
}
