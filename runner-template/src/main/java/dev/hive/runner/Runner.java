package dev.hive.runner;

import dev.hive.protocol.ipc.Cancel;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcLimits;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.Refused;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.RunFinished;
import dev.hive.protocol.ipc.TargetLost;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.run.TestSelection;
import dev.hive.runner.desync.ProbeCheck;
import dev.hive.runner.ipc.LinkBrokenException;
import dev.hive.runner.ipc.MonitorLink;
import dev.hive.runner.schedule.ActiveVisits;
import dev.hive.runner.schedule.BusRequests;
import dev.hive.runner.schedule.ChannelWorker;
import dev.hive.runner.schedule.RackPlan;
import dev.hive.runner.suite.RunControl;
import dev.hive.runner.suite.SelectionException;
import dev.hive.runner.suite.Suite;
import dev.hive.runner.trace.StartTrace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run, from hello to runFinished: greets the monitor, checks the probes (desync), plans the run from the
 * rack description and the filters, starts one thread per channel, waits for them and reports the summary.
 * Anything that ends the run early ends up as a {@link RunnerFailure} with its exit code.
 */
final class Runner implements MonitorLink.Listener {

    static final Duration WELCOME_TIMEOUT = Duration.ofSeconds(30);

    private final String runId;
    private final String runnerVersion;
    private final List<String> hiveTestClasses;
    private final Suite suite;
    private final ProbeCheck probeCheck;
    private final String startedAs;
    private final RunControl control = new RunControl();
    private final ActiveVisits visits = new ActiveVisits();
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private MonitorLink link;

    Runner(String runId, String runnerVersion, List<String> hiveTestClasses, ProbeCheck probeCheck) {
        this(runId, runnerVersion, hiveTestClasses, probeCheck, Runner.class.getClassLoader(), false);
    }

    /**
     * @param loader where the hive test classes are loaded from
     * @param preStarted whether this JVM was started before its run ({@code dev.hive.runner.prestart}); the run's
     *     first log line says so
     */
    Runner(
            String runId,
            String runnerVersion,
            List<String> hiveTestClasses,
            ProbeCheck probeCheck,
            ClassLoader loader,
            boolean preStarted) {
        this.runId = runId;
        this.runnerVersion = runnerVersion;
        this.hiveTestClasses = List.copyOf(hiveTestClasses);
        this.suite = new Suite(this.hiveTestClasses, TestSelection.ALL, loader, Clock.systemUTC());
        this.probeCheck = probeCheck;
        this.startedAs = preStarted ? " (pre-started JVM)" : "";
    }

    /** Runs to the end; returns normally when the run completed or was cancelled. */
    void run(Path socket) {
        warmUp();
        try {
            link = MonitorLink.open(socket);
            StartTrace.mark(StartTrace.Step.LINK_READY);
        } catch (IOException | RuntimeException e) {
            throw new RunnerFailure(
                    ExitCode.PROTOCOL, "cannot connect to the monitor at " + socket + ": " + describe(e), e);
        }
        try {
            link.start(this);
            Welcome welcome = greet();
            checkProbes(welcome);
            runTests(welcome);
        } finally {
            link.close();
        }
    }

    /**
     * Discovers the suite on a daemon thread while the main thread greets the monitor: loading JUnit and the
     * hive test classes is the larger part of the time to the first test, and on a rack host with several cores
     * it need not wait for the welcome. A failure here shows up again, and is reported, when the tests run.
     */
    private void warmUp() {
        Thread warmUp = new Thread(
                () -> {
                    try {
                        suite.tests();
                    } catch (RuntimeException | LinkageError e) {
                        // reported where the suite runs
                    }
                },
                "hive-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private Welcome greet() {
        IpcMessage answer;
        try {
            answer = link.hello(Hello.of(runId, runnerVersion), WELCOME_TIMEOUT);
        } catch (IOException e) {
            throw new RunnerFailure(ExitCode.PROTOCOL, describe(e), e);
        }
        if (answer instanceof Refused refused) {
            throw new RunnerFailure(ExitCode.PROTOCOL, "the monitor refused the run: " + refused.reason());
        }
        Welcome welcome = (Welcome) answer;
        StartTrace.mark(StartTrace.Step.WELCOME);
        if (welcome.protocolVersion() != IpcLimits.PROTOCOL_VERSION) {
            String why = "the monitor speaks IPC protocol version " + welcome.protocolVersion()
                    + "; this runner speaks " + IpcLimits.PROTOCOL_VERSION;
            sendQuietly(new RunFailed(RunFailed.Kind.PROTOCOL, why));
            throw new RunnerFailure(ExitCode.PROTOCOL, why);
        }
        return welcome;
    }

    private void checkProbes(Welcome welcome) {
        List<String> problems = probeCheck.problems(welcome.rack());
        if (!problems.isEmpty()) {
            String why = "desync: " + String.join("; ", problems);
            sendQuietly(new RunFailed(RunFailed.Kind.DESYNC, why));
            throw new RunnerFailure(ExitCode.DESYNC, why);
        }
    }

    private void runTests(Welcome welcome) {
        long start = System.nanoTime();
        var plan = RackPlan.of(welcome.rack(), welcome.options());
        var results = new RunResults(link, this::linkFailed);
        Suite selected = selected(welcome);
        log(
                Log.Level.INFO,
                null,
                "runner " + runnerVersion + startedAs + ": " + hiveTestClasses.size() + " hive test classes, "
                        + plan.channels().size() + " channel(s) x "
                        + plan.visits().size() + " target(s)");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("hive-run-timer"));
        timer.schedule(
                () -> {
                    String why =
                            "the run exceeded its limit of " + welcome.options().runTimeoutMillis() + " ms";
                    log(Log.Level.ERROR, null, why + "; stopping after the running tests");
                    control.stop(why);
                },
                welcome.options().runTimeoutMillis(),
                TimeUnit.MILLISECONDS);
        var shared = new ChannelWorker.Shared(
                visits,
                bus(),
                selected,
                control,
                results,
                this::log,
                welcome.options().testTimeoutMillis());
        var workers = new ArrayList<CompletableFuture<Void>>();
        for (ChannelDescription channel : plan.channels()) {
            workers.add(start(new ChannelWorker(channel, welcome.rack(), plan, shared), channel.index()));
        }
        try {
            CompletableFuture.anyOf(CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)), failure)
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RunnerFailure f
                    ? f
                    : new RunnerFailure(ExitCode.INTERNAL, "the runner failed: " + e.getCause(), e.getCause());
        } finally {
            timer.shutdownNow();
        }
        control.stopReason().ifPresent(why -> log(Log.Level.WARN, null, "the run stopped early: " + why));
        try {
            link.send(new RunFinished(results.summary((System.nanoTime() - start) / 1_000_000)));
        } catch (IOException e) {
            throw new RunnerFailure(ExitCode.PROTOCOL, "cannot send the summary to the monitor: " + describe(e), e);
        }
    }

    /** The suite with the run's selection applied; a selection naming what the runner lacks ends the run. */
    private Suite selected(Welcome welcome) {
        Suite selected = suite.select(welcome.options().testSelection());
        try {
            selected.tests();
        } catch (SelectionException e) {
            sendQuietly(new RunFailed(RunFailed.Kind.INTERNAL, e.getMessage()));
            throw new RunnerFailure(ExitCode.USAGE, e.getMessage(), e);
        }
        return selected;
    }

    private CompletableFuture<Void> start(ChannelWorker worker, int channel) {
        var done = new CompletableFuture<Void>();
        Thread thread = new Thread(
                () -> {
                    try {
                        worker.run();
                        done.complete(null);
                    } catch (Throwable t) {
                        String why = "channel " + channel + " failed inside the runner: " + t;
                        sendQuietly(new RunFailed(RunFailed.Kind.INTERNAL, why));
                        failure.completeExceptionally(new RunnerFailure(ExitCode.INTERNAL, why, t));
                    }
                },
                "hive-channel-" + channel);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private BusRequests bus() {
        return new BusRequests() {
            @Override
            public Connected connect(int channel, int stack, int slot) throws IOException {
                return link.connect(channel, stack, slot);
            }

            @Override
            public Connected disconnect(int channel) throws IOException {
                return link.disconnect(channel);
            }
        };
    }

    @Override
    public void targetLost(TargetLost lost) {
        if (!visits.lose(lost.stack(), lost.slot(), lost.message())) {
            log(
                    Log.Level.DEBUG,
                    null,
                    "target " + lost.stack() + "/" + lost.slot() + " was lost while no channel used it: "
                            + lost.message());
        }
    }

    @Override
    public void cancel(Cancel cancel) {
        control.stop("cancelled by the monitor: " + cancel.reason());
    }

    @Override
    public void broken(LinkBrokenException why) {
        control.stop(why.getMessage());
        failure.completeExceptionally(new RunnerFailure(ExitCode.PROTOCOL, why.getMessage(), why));
    }

    private void linkFailed(IOException e) {
        broken(e instanceof LinkBrokenException l ? l : new LinkBrokenException(describe(e), e));
    }

    private void log(Log.Level level, Integer channel, String message) {
        sendQuietly(new Log(level, channel, message));
    }

    private void sendQuietly(IpcMessage message) {
        try {
            link.send(message);
        } catch (IOException e) {
            // the failure reaches the run through the reader or the next result
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
