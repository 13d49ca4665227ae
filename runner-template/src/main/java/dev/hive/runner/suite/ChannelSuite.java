package dev.hive.runner.suite;

import dev.hive.protocol.run.Cell;
import dev.hive.runner.api.HiveContext;
import dev.hive.runner.api.spi.HiveSession;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestPlan;

/**
 * The suite as one channel runs it, target after target: one JUnit launcher session for the channel's
 * lifetime, and the daemon threads its tests run on. Used by one thread.
 */
public final class ChannelSuite implements AutoCloseable {

    private static final Namespace NAMESPACE = Namespace.create(HiveSession.NAMESPACE);

    private final Suite suite;
    private final long defaultLimitMillis;
    private final LauncherSession session;
    private final ExecutorService workers;

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
            TestPlan plan = suite.planFor(launcher);
            launcher.execute(plan, new ResultReporter(cell, sink, watch, suite.clock()));
        } finally {
            session.getStore().remove(NAMESPACE, HiveSession.KEY);
        }
    }

    @Override
    public void close() {
        session.close();
        workers.shutdownNow();
    }
}
