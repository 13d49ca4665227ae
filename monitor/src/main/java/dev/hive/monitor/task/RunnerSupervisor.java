package dev.hive.monitor.task;

import dev.hive.monitor.ipc.RunnerEvents;
import dev.hive.monitor.ipc.RunnerFailure;
import dev.hive.monitor.ipc.RunnerLink;
import dev.hive.monitor.runnerjvm.PreStartedRunner;
import dev.hive.monitor.sandbox.RunnerOutcome;
import dev.hive.monitor.sandbox.RunnerProcess;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.sandbox.SandboxSpec;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import dev.hive.rack.backend.RackBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner process of one run, from launch to exit: the {@link TaskRunner}'s RUNNING phase. It opens the run's
 * {@link RunnerLink} (accepting only this process or its descendants), starts the runner through
 * {@link RunnerProcess} in the sandbox (the stored JAR, the channels' probe and UART sockets read-only, under the
 * run's wall-clock limit plus the exit grace), waits for the link or the process to end first, gives the other
 * its grace, and kills what is left. A cancel asks the runner to stop over the link and kills its process tree
 * when it has not stopped after the cancel grace. What went wrong comes back as one infrastructure error with an
 * excerpt of the runner's output.
 */
final class RunnerSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerSupervisor.class);

    /** Characters of the head and of the tail of stdout and of stderr in a failed run's message. */
    static final int EXCERPT_CHARS = 1_500;

    /** How long a link waits for a runner that exited without connecting (a connection may be pending). */
    static final Duration NEVER_CONNECTED_GRACE = Duration.ofSeconds(1);

    private final long runId;
    private final RackBackend rack;
    private final Sandbox sandbox;
    private final RunnerLauncher launcher;
    private final TaskRunner.Settings settings;
    private final ScheduledExecutorService timers;

    private volatile RunnerProcess process;
    private RunnerLink link; // guarded by this
    private boolean cancelled; // guarded by this

    /** @param timers where the kill after a cancel's grace is scheduled */
    RunnerSupervisor(
            long runId,
            RackBackend rack,
            Sandbox sandbox,
            RunnerLauncher launcher,
            TaskRunner.Settings settings,
            ScheduledExecutorService timers) {
        this.runId = runId;
        this.rack = rack;
        this.sandbox = sandbox;
        this.launcher = launcher;
        this.settings = settings;
        this.timers = timers;
    }

    /**
     * Asks the runner to stop (at once when its link is open, else as soon as it is) and kills its process tree
     * when it is still alive after the cancel grace.
     */
    synchronized void cancel() {
        cancelled = true;
        askToStop();
    }

    private void askToStop() {
        if (link != null) {
            link.cancel("the run was cancelled");
        }
        timers.schedule(
                () -> {
                    RunnerProcess p = process;
                    if (p != null && p.isAlive()) {
                        LOG.info("run {}: the runner did not stop after the cancel; killing it", runId);
                        p.cancel();
                    }
                },
                settings.cancelGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the runner to its end; its stdout and stderr go to {@code runLog} once it has exited.
     *
     * @param events hears what the runner reports over the link (on the link's reader thread)
     * @return null when it finished the run, else the infrastructure error
     */
    String run(
            Path jar,
            Path runDir,
            RunOptions options,
            RackDescription description,
            TouchedTargets touched,
            RunnerEvents events,
            RunLog runLog)
            throws IOException, InterruptedException {
        // A runner JVM started before the run, in the sandbox this run would get, is handed it: its own run
        // directory holds the run's socket. Otherwise the runner starts cold, as always.
        Optional<PreStartedRunner> preStarted = launcher.preStarted(jar);
        RunnerLink l;
        try {
            l = RunnerLink.open(
                    preStarted.map(PreStartedRunner::runDirectory).orElse(runDir),
                    Long.toString(runId),
                    touched,
                    description,
                    options,
                    pid -> {
                        RunnerProcess p = process;
                        return p != null && p.isProcessOrDescendant(pid);
                    },
                    events,
                    settings.linkLimits());
        } catch (IOException | RuntimeException e) {
            preStarted.ifPresent(r -> r.process().cancel()); // used once or never: not handed back
            throw e;
        }
        RunnerProcess p = null;
        try {
            Duration limit = Duration.ofMillis(options.runTimeoutMillis()).plus(settings.exitGrace());
            if (preStarted.isPresent()) {
                p = preStarted.get().process();
                process = p;
                preStarted.get().handOver(jar, l.socketPath(), runId, limit);
                LOG.info("run {}: handed to the runner JVM pre-started as pid {}", runId, p.pid());
            } else {
                SandboxSpec.Builder spec = RunnerSandbox.builder(runDir, rack);
                RunnerCommand command = launcher.launch(jar, l.socketPath(), runId);
                command.readOnly().forEach(spec::readOnly);
                p = RunnerProcess.start(sandbox, spec.build(), command.argv(), limit, settings.killGrace());
                process = p;
            }
            synchronized (this) {
                link = l;
                if (cancelled) {
                    askToStop(); // cancelled before the link was open: the runner hears it now
                }
            }
            CompletableFuture<Optional<RunnerFailure>> linkDone = l.done();
            CompletableFuture<RunnerOutcome> exited = p.onExit();
            try {
                CompletableFuture.anyOf(linkDone, exited).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("supervising the runner failed", e.getCause());
            }
            boolean linkFirst = linkDone.isDone();
            Optional<RunnerFailure> failure;
            RunnerOutcome outcome;
            if (linkFirst) {
                failure = linkDone.join();
                if (failure.isPresent()) {
                    p.cancel(); // it broke the run: no reason to wait for it
                }
                try {
                    outcome = p.awaitExit(settings.exitGrace());
                } catch (TimeoutException e) {
                    LOG.info("run {}: the runner did not exit after the run; killing it", runId);
                    p.cancel();
                    outcome = p.awaitExit();
                }
            } else {
                outcome = p.awaitExit();
                failure = afterExit(l, linkDone);
            }
            runLog.runnerOutput(outcome);
            if (failure.isEmpty()) {
                return null;
            }
            return describe(failure.get(), outcome, linkFirst, options) + "\n" + outcome.outputExcerpt(EXCERPT_CHARS);
        } finally {
            l.close();
            if (p != null && p.isAlive()) {
                p.cancel();
                try {
                    p.awaitExit(settings.killGrace().plusSeconds(10));
                } catch (TimeoutException e) {
                    LOG.error("run {}: the runner pid {} survived the kill", runId, p.pid());
                }
            }
            preStarted.ifPresent(PreStartedRunner::deleteDirectory);
        }
    }

    /**
     * How the link ended after the runner process exited first: what it still reads within the exit grace
     * (a runner that never connected gets {@link #NEVER_CONNECTED_GRACE}, enough for an accept still in
     * the backlog), else it is closed.
     */
    private Optional<RunnerFailure> afterExit(RunnerLink l, CompletableFuture<Optional<RunnerFailure>> linkDone)
            throws InterruptedException {
        boolean shortened = !l.peerConnected() && settings.exitGrace().compareTo(NEVER_CONNECTED_GRACE) > 0;
        Duration grace = shortened ? NEVER_CONNECTED_GRACE : settings.exitGrace();
        try {
            return linkDone.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!l.peerConnected()) {
                l.close();
                return Optional.of(new RunnerFailure(
                        RunnerFailure.Kind.NO_RUNNER, "the runner exited without connecting to the monitor"));
            }
            if (shortened) {
                return afterExit(l, linkDone); // it connected meanwhile: the full grace
            }
            l.close();
            return linkDone.join();
        } catch (ExecutionException e) {
            return Optional.of(new RunnerFailure(RunnerFailure.Kind.INTERNAL, e.toString()));
        }
    }

    private String describe(RunnerFailure failure, RunnerOutcome outcome, boolean linkFirst, RunOptions options) {
        if (outcome.kind() == RunnerOutcome.Kind.TIMED_OUT) {
            return "the run exceeded its wall-clock limit of " + options.runTimeoutMillis()
                    + " ms; the runner's process tree was killed (" + failure + ")";
        }
        if (linkFirst || outcome.kind() == RunnerOutcome.Kind.KILLED) {
            return "the runner failed: " + failure;
        }
        return "the runner exited with code " + outcome.exitCode() + " before it finished the run (" + failure + ")";
    }
}
