package dev.hive.monitor.task;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.ipc.RackDescriptions;
import dev.hive.monitor.ipc.RunnerEvents;
import dev.hive.monitor.ipc.RunnerFailure;
import dev.hive.monitor.ipc.RunnerLink;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.sandbox.OutputLog;
import dev.hive.monitor.sandbox.RunnerProcess;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the queued runs on the rack, one at a time (the rack is one resource), on one thread of its own.
 *
 * <p>Each run goes through the phases of {@link RunPhase}: PREPARING (a fresh directory {@code
 * <data>/runs/<id>} for the IPC socket; the stored runner JAR is shown to the runner read-only), FLASHING, RUNNING
 * (the runner process, launched, supervised and cancelled by a {@link RunnerSupervisor}: in the sandbox under a
 * wall-clock limit, its IPC served by a {@link RunnerLink} that accepts only that process or its descendants;
 * results are stored and passed on as they arrive),
 * COLLECTING (summary, the runner's stdout/stderr into the log table, bounded) and RESTORING; the run's end is
 * stored and told when RESTORING begins, and the reflash ends before the next run is taken. Its state moves
 * {@code queued → running → finished | failed | cancelled} ({@code interrupted} when the task runner is
 * closed during the run). {@code failed} means an infrastructure error: the runner exited, hung, broke the
 * protocol or never connected; its message carries an excerpt of the runner's output.
 *
 * <p><b>Flash policy</b> (as in the original): the targets are flashed with the current testprogram before the
 * first run, and reflashed after every run that reached RUNNING (RESTORING), so a runner that wrote to a
 * target's memory or flash cannot leave it changed for the next run, and a target that died during a run
 * (e.g. a killed QEMU) is brought back. When that reflash fails, the next run flashes before it starts. On a virtual rack
 * RESTORING reflashes the targets the run connected, reset or powered, and any not READY ({@link TouchedTargets}).
 * {@link #targetsChanged()} forces a flash before the next run (new testprogram or assignment).
 *
 * <p>The runner's stdout and stderr are drained all the time into bounded {@link OutputLog}s by
 * {@link RunnerProcess}; their lines (at most {@link Settings#maxOutputLines()} of each, the last ones) go to the
 * log table and the observer when the runner has ended. The runner's own log messages go there as they
 * arrive (at most {@link Settings#maxOutputLines()} per run).
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /**
     * How the task runner works.
     *
     * @param dataDirectory the monitor's data directory; runs get {@code runs/<id>} in it
     * @param runLimit the most wall-clock time a run may take (a run's options may ask for less)
     * @param testTimeout the most time one test may take on one cell (handed to the runner)
     * @param killGrace between SIGTERM and SIGKILL when the runner's process tree is killed
     * @param cancelGrace how long a cancelled runner may take to stop by itself before it is killed
     * @param exitGrace how long the runner may take to exit after it finished the run (and the link to end
     *     after the runner exited); the process limit is the run limit plus this
     * @param linkLimits the bounds of the IPC link (message counts, connect timeout)
     * @param maxOutputLines the most lines of stdout, of stderr and of runner log messages stored per run
     * @param logRetentionRows the log table is pruned to this many rows after each run
     */
    public record Settings(
            Path dataDirectory,
            Duration runLimit,
            Duration testTimeout,
            Duration killGrace,
            Duration cancelGrace,
            Duration exitGrace,
            RunnerLink.Limits linkLimits,
            int maxOutputLines,
            int logRetentionRows) {

        public Settings {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(runLimit, "runLimit");
            Objects.requireNonNull(testTimeout, "testTimeout");
            Objects.requireNonNull(killGrace, "killGrace");
            Objects.requireNonNull(cancelGrace, "cancelGrace");
            Objects.requireNonNull(exitGrace, "exitGrace");
            Objects.requireNonNull(linkLimits, "linkLimits");
            if (runLimit.isZero() || runLimit.isNegative() || testTimeout.isZero() || testTimeout.isNegative()) {
                throw new IllegalArgumentException("runLimit and testTimeout must be > 0");
            }
            if (maxOutputLines < 0 || logRetentionRows < 1) {
                throw new IllegalArgumentException("maxOutputLines must be >= 0 and logRetentionRows >= 1");
            }
        }

        /** The settings from the monitor's configuration, with 5 s kill grace, 10 s cancel and exit grace. */
        public static Settings from(MonitorConfig config) {
            return new Settings(
                    config.dataDir(),
                    config.limits().runTimeout(),
                    config.limits().testTimeout(),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    RunnerLink.Limits.defaults(),
                    1_000,
                    config.limits().logRetentionRows());
        }
    }

    private final RunQueue queue;
    private final RunRepository runs;
    private final ResultRepository results;
    private final LogRepository logs;
    private final RackBackend rack;
    private final Supplier<TestprogramBuild> build;
    private final Sandbox sandbox;
    private final Function<Run, Path> runnerJars;
    private final RunnerLauncher launcher;
    private final RunObserver observer;
    private final TargetGate gate;
    private final Settings settings;

    private final Thread thread;
    private final ScheduledExecutorService timers;
    private final Object lock = new Object();
    /** Held by the task runner's thread while it executes a run, and by {@link #whileIdle} work. */
    private final RackHold rackHold = new RackHold();

    private final Set<Long> cancelRequests = ConcurrentHashMap.newKeySet();
    private Execution current; // guarded by lock
    private volatile boolean needsFlash = true;
    private volatile RackReservations reservations = RackReservations.NONE;
    private volatile boolean stopping;

    /**
     * @param queue where the runs wait; {@link #start()} takes from it
     * @param rack the rack; the task runner switches and flashes it, nobody else may while it runs
     * @param build the current testprogram build (flashed in FLASHING and RESTORING)
     * @param runnerJars where a run's runner JAR is stored (e.g. {@link #jarsIn(Path)})
     * @param launcher the runner's command line ({@link RunnerLauncher#javaJar()})
     * @param observer hears phases, results, log lines and the end of every run
     * @param gate which targets a run may use, and who hears of infrastructure errors
     */
    public TaskRunner(
            RunQueue queue,
            RunRepository runs,
            ResultRepository results,
            LogRepository logs,
            RackBackend rack,
            Supplier<TestprogramBuild> build,
            Sandbox sandbox,
            Function<Run, Path> runnerJars,
            RunnerLauncher launcher,
            RunObserver observer,
            TargetGate gate,
            Settings settings) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.results = Objects.requireNonNull(results, "results");
        this.logs = Objects.requireNonNull(logs, "logs");
        this.rack = Objects.requireNonNull(rack, "rack");
        this.build = Objects.requireNonNull(build, "build");
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.runnerJars = Objects.requireNonNull(runnerJars, "runnerJars");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.thread = new Thread(this::loop, "hive-task-runner");
        this.thread.setDaemon(true);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hive-task-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runner JARs stored as {@code <directory>/<sha256>.jar}. */
    public static Function<Run, Path> jarsIn(Path directory) {
        return run -> directory.resolve(run.runnerSha256() + ".jar");
    }

    /** From now on runs leave out, and do not flash, what {@code reservations} holds (leases). */
    public void reserveWith(RackReservations reservations) {
        this.reservations = Objects.requireNonNull(reservations, "reservations");
    }

    /** Starts taking runs from the queue. */
    public void start() {
        thread.start();
    }

    /** The next run flashes the targets first (the testprogram or the rack assignment changed). */
    public void targetsChanged() {
        needsFlash = true;
    }

    /** The targets hold the current testprogram (e.g. flashed at start): the next run need not flash first. */
    public void targetsFlashed() {
        needsFlash = false;
    }

    /**
     * Does {@code work} on the calling thread while no run uses the rack (for example replacing the rack). A run
     * taken from the queue meanwhile waits until the work is done, and then sees the rack as the work left it.
     *
     * <p>After a run's end only the reflash of its targets holds the rack: the work waits for it (a minute at most), and so does
     * other such work (an idle health check).
     *
     * @throws RackInUseException at once when a run is using the rack
     */
    public <T> T whileIdle(Supplier<T> work) {
        if (!rackHold.tryHold(Duration.ofMinutes(1))) {
            throw new RackInUseException(currentRun());
        }
        try {
            return work.get();
        } finally {
            rackHold.release();
        }
    }

    /** The run being executed, if any; not one that has ended and whose targets are being reflashed. */
    public Optional<Long> currentRun() {
        synchronized (lock) {
            return Optional.ofNullable(current).filter(e -> !e.over).map(e -> e.runId);
        }
    }

    /**
     * Cancels a run. A queued run leaves the queue and is {@code cancelled} at once; a running one is asked to
     * stop over IPC ({@code cancel}), and its process tree is killed when it has not ended after the cancel
     * grace period; it ends {@code cancelled} with the results it reported.
     *
     * @return false when the run is neither queued nor running (unknown, or ended already)
     */
    public boolean cancel(long runId) {
        synchronized (lock) {
            if (queue.cancel(runId)) {
                endQueued(runId, RunState.CANCELLED, "cancelled while queued");
                return true;
            }
            if (current != null && current.runId == runId) {
                if (current.over) {
                    return false;
                }
                current.cancel();
                return true;
            }
            // Taken from the queue but not started yet: the task runner's thread sees the request.
            Optional<Run> run = runs.find(runId);
            if (run.isPresent() && run.get().state() == RunState.QUEUED) {
                cancelRequests.add(runId);
                return true;
            }
            return false;
        }
    }

    /** Stops the task runner: a running run's process tree is killed and the run is {@code interrupted}. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
    }

    private void loop() {
        while (!stopping) {
            long runId;
            try {
                runId = queue.take(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                break;
            }
            if (runId < 0) {
                continue;
            }
            try {
                rackHold.holdForRun(); // a reinitialisation of the rack ends first
            } catch (InterruptedException e) {
                queue.release(runId);
                break;
            }
            try {
                Execution execution;
                synchronized (lock) {
                    if (cancelRequests.remove(runId)) {
                        endQueued(runId, RunState.CANCELLED, "cancelled while queued");
                        queue.release(runId);
                        continue;
                    }
                    execution = new Execution(runId);
                    current = execution;
                }
                try {
                    execution.execute();
                } catch (RuntimeException | Error e) {
                    LOG.error("run {}: the task runner failed", runId, e);
                } finally {
                    synchronized (lock) {
                        current = null;
                    }
                    queue.release(runId);
                }
            } finally {
                rackHold.release();
            }
        }
    }

    private void endQueued(long runId, RunState state, String message) {
        try {
            runs.transition(runId, state, Optional.of(message));
        } catch (IllegalRunTransitionException | java.util.NoSuchElementException e) {
            LOG.warn("run {}: cannot end it as {}: {}", runId, state, e.getMessage());
            return;
        }
        tell(o -> o.finished(runId, state, Run.Summary.EMPTY, Optional.of(message)));
    }

    private void tell(java.util.function.Consumer<RunObserver> call) {
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            LOG.warn("a run observer failed", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    /** One run being executed. */
    private final class Execution implements RunnerEvents {
        final long runId;
        private final RunLog runLog;
        /** The runner's process from launch to exit; a cancel goes through it. */
        private final RunnerSupervisor runner;
        /** The rack as the runner reaches it: RESTORING reflashes what the run touched (TouchedTargets). */
        private final TouchedTargets touched = new TouchedTargets(rack);

        private volatile RackDescription description;
        private volatile boolean cancelled;
        private volatile boolean over;
        private final AtomicInteger passed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private final PhaseTimes times = new PhaseTimes();

        Execution(long runId) {
            this.runId = runId;
            this.runLog = new RunLog(runId, logs, settings.maxOutputLines(), TaskRunner.this::tell);
            this.runner = new RunnerSupervisor(runId, rack, sandbox, launcher, settings, timers);
        }

        /** Called with {@link #lock} held. */
        void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            runner.cancel();
        }

        Run.Summary summary() {
            return new Run.Summary(passed.get(), failed.get(), skipped.get(), errors.get());
        }

        void phase(RunPhase phase) {
            LOG.debug("run {}: {}", runId, phase);
            times.enter(phase);
            tell(o -> o.phase(runId, phase));
        }

        void execute() {
            Optional<Run> found = runs.find(runId);
            if (found.isEmpty() || found.get().state() != RunState.QUEUED) {
                LOG.warn(
                        "run {} was taken from the queue but is {}",
                        runId,
                        found.map(Run::state).orElse(null));
                return;
            }
            Run run = found.get();
            runs.transition(runId, RunState.RUNNING, Optional.empty());
            reservations.begin(runId);
            Path runDir = settings.dataDirectory().resolve("runs").resolve(Long.toString(runId));
            RunState end;
            String error = null;
            boolean ranOnRack = false;
            try {
                phase(RunPhase.PREPARING);
                RunOptions options =
                        RunOptionsJson.read(run.optionsJson(), settings.testTimeout(), settings.runLimit());
                Path jar = prepare(run, runDir);
                if (cancelled) {
                    end = RunState.CANCELLED;
                } else {
                    TestprogramBuild current = build.get();
                    if (needsFlash) {
                        phase(RunPhase.FLASHING);
                        ranOnRack = true;
                        flash(current, rack);
                    }
                    if (cancelled) {
                        end = RunState.CANCELLED;
                    } else {
                        phase(RunPhase.RUNNING);
                        ranOnRack = true;
                        error = runRunner(jar, runDir, options, current);
                        end = cancelled ? RunState.CANCELLED : error == null ? RunState.FINISHED : RunState.FAILED;
                    }
                }
            } catch (InterruptedException e) {
                end = RunState.INTERRUPTED;
                error = "the monitor stopped during this run";
            } catch (IOException | RuntimeException e) {
                LOG.warn("run {} failed", runId, e);
                end = cancelled ? RunState.CANCELLED : RunState.FAILED;
                error = "the monitor could not execute the run: " + e.getMessage();
            }
            if (end == RunState.CANCELLED) {
                error = "the run was cancelled";
            }
            phase(RunPhase.COLLECTING);
            Run.Summary summary = summary(); // what the runner reported; the stored results count below
            try {
                logs.prune(settings.logRetentionRows());
            } catch (RuntimeException e) {
                LOG.warn("run {}: pruning the logs failed", runId, e);
            }
            deleteTree(runDir);
            if (ranOnRack) {
                phase(RunPhase.RESTORING);
            }
            over = true;
            rackHold.restoring();
            try {
                summary =
                        runs.transition(runId, end, Optional.ofNullable(error)).summary();
            } catch (RuntimeException e) {
                LOG.warn("run {}: cannot store its end ({})", runId, end, e);
            }
            if (end == RunState.FAILED) {
                LOG.info("run {} failed: {}", runId, error);
                if (description != null) {
                    gate.infrastructureError(runId, description, error);
                }
            } else {
                LOG.info("run {} {}: {}", runId, end.dbName(), summary);
            }
            RunState state = end;
            Optional<String> message = Optional.ofNullable(error);
            Run.Summary counted = summary;
            tell(o -> o.finished(runId, state, counted, message));
            // Its results are final: the client has them while the targets are reflashed. The rack stays
            // this run's (this thread holds it) until the reflash is done, so no run starts before it.
            if (ranOnRack) {
                flash(build.get(), touched.restoring());
            }
            reservations.end(runId);
            LOG.info("run {} phases: {}", runId, times.summary());
        }

        private Path prepare(Run run, Path runDir) throws IOException {
            Path stored = runnerJars.apply(run);
            if (stored == null || !Files.isRegularFile(stored)) {
                throw new IOException("the runner JAR of run " + runId + " (" + run.runnerSha256() + ") is not stored");
            }
            deleteTree(runDir);
            Files.createDirectories(runDir);
            // Run from the stored JAR (read-only in the sandbox): its class-data archive names it by its path.
            return stored.toAbsolutePath();
        }

        private void flash(TestprogramBuild current, RackBackend rack) {
            if (current == null || !current.ok()) {
                LOG.warn("run {}: no usable testprogram build; the targets are not flashed", runId);
                needsFlash = true;
                return;
            }
            try {
                boolean allOk = true;
                for (var entry : reservations.flash(rack, current).entrySet()) {
                    if (!entry.getValue().isOk()) {
                        allOk = false;
                        LOG.warn(
                                "run {}: flashing {} failed: {}",
                                runId,
                                entry.getKey(),
                                entry.getValue().message());
                    }
                }
                needsFlash = !allOk;
            } catch (RuntimeException e) {
                LOG.warn("run {}: flashing the targets failed", runId, e);
                needsFlash = true;
            }
        }

        /** Runs the runner; returns null when it finished the run, else the infrastructure error. */
        private String runRunner(Path jar, Path runDir, RunOptions options, TestprogramBuild current)
                throws IOException, InterruptedException {
            description = reservations.describe(
                    runId, gate.admit(runId, RackDescriptions.describe(rack, current)), runLog::monitorLine);
            return runner.run(jar, runDir, options, description, touched, this, runLog);
        }

        // RunnerEvents: called on the link's reader thread.

        @Override
        public void testStarted(TestStarted started) {
            times.testStarted();
            tell(o -> o.testStarted(runId, started));
        }

        @Override
        public void testFinished(dev.hive.protocol.run.TestResult r) {
            TestResult result =
                    TestResult.of(runId, r, Optional.ofNullable(description).map(d -> CellSetup.of(d, r.cell())));
            results.append(result);
            counter(r.status()).incrementAndGet();
            tell(o -> o.testFinished(runId, r));
        }

        private AtomicInteger counter(TestStatus status) {
            return switch (status) {
                case PASSED -> passed;
                case FAILED -> failed;
                case SKIPPED -> skipped;
                case ERROR -> errors;
            };
        }

        @Override
        public void log(Log log) {
            runLog.runnerLog(log);
        }

        @Override
        public void runFinished(Summary summary) {
            LOG.debug("run {}: the runner reports {}", runId, summary);
        }

        @Override
        public void failed(RunnerFailure failure) {
            LOG.debug("run {}: the link ended: {}", runId, failure);
        }
    }
}
