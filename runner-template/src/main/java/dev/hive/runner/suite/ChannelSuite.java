package dev.hive.runner.suite;

import dev.hive.protocol.run.Cell;
import dev.hive.runner.api.HiveContext;
import dev.hive.runner.api.spi.HiveSession;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestPlan;

/**
 * The suite as one channel runs it, target after target: one JUnit launcher session for the channel's
 * lifetime, and the daemon threads its tests run on. Used by one thread.
 *
 * <p>The next target's test plan is discovered while the current target's tests run (a plan runs once, and
 * the discovery would otherwise sit between one target's last result and the next one's first).
 */
public final class ChannelSuite implements AutoCloseable {

    private static final Namespace NAMESPACE = Namespace.create(HiveSession.NAMESPACE);

    private final Suite suite;
    private final long defaultLimitMillis;
    private final LauncherSession session;
    private final ExecutorService workers;
    private Future<TestPlan> nextPlan;

    ChannelSuite(Suite suite, String channelName, long defaultLimitMillis) {
        this.suite = suite;
        this.defaultLimitMillis = defaultLimitMillis;
        this.session = HiveLauncher.openSession();
        OutputRouter.install();
        var count = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, channelName + "-test-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs every hive test on {@code cell}, with {@code context} for the tests to receive, and streams each
     * result to {@code sink} as it happens. Returns when every test has a result (or the run stops).
     */
    public void run(Cell cell, HiveContext context, TargetWatch watch, ResultSink sink) {
        var guard = new TestGuard(defaultLimitMillis, watch, workers);
        session.getStore().put(NAMESPACE, HiveSession.KEY, new HiveSession(context, guard));
        try {
            Launcher launcher = session.getLauncher();
            TestPlan plan = takePlan(launcher);
            nextPlan = workers.submit(() -> suite.planFor(launcher));
            launcher.execute(plan, new ResultReporter(cell, sink, watch, suite.clock()));
        } finally {
            session.getStore().remove(NAMESPACE, HiveSession.KEY);
        }
    }

    /**
     * The plan discovered while the previous target ran, or a discovery now (the first target, or one whose
     * discovery failed: made again here, it fails the way it always did).
     */
    private TestPlan takePlan(Launcher launcher) {
        Future<TestPlan> prefetched = nextPlan;
        nextPlan = null;
        if (prefetched != null) {
            try {
                return prefetched.get();
            } catch (ExecutionException e) {
                // discover again below, on this thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return suite.planFor(launcher);
    }

    @Override
    public void close() {
        if (nextPlan != null) {
            nextPlan.cancel(true);
        }
        session.close();
        workers.shutdownNow();
    }
}
