package dev.hive.monitor.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised runner process: started (through the sandbox) in its own session and process group, its
 * stdout and stderr drained all the time on two threads into bounded {@link OutputLog}s, a wall-clock limit
 * after which the whole process tree is killed (SIGTERM to the process, all its descendants and its process
 * group, then SIGKILL to the survivors after a grace period), and cancellation. When the process exits by
 * itself, whatever is left in its process group is killed too. No thread is left behind: the two drain
 * threads end with the pipes, the supervisor thread with the process.
 */
public final class RunnerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerProcess.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path KILL = Path.of("/usr/bin/kill");
    private static final Duration DRAIN_JOIN = Duration.ofSeconds(5);

    private final Process process;
    private final ProcessHandle handle;
    private volatile long startNanos;
    private volatile long deadlineNanos;
    private final Duration killGrace;
    private final boolean ownProcessGroup;
    private final OutputLog stdout = new OutputLog();
    private final OutputLog stderr = new OutputLog();
    private final Thread stdoutDrain;
    private final Thread stderrDrain;
    private final Thread supervisor;
    private final CompletableFuture<RunnerOutcome> outcome = new CompletableFuture<>();
    private volatile boolean cancelled;

    private RunnerProcess(Process process, Duration limit, Duration killGrace, boolean ownProcessGroup) {
        this.process = process;
        this.handle = process.toHandle();
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + limit.toNanos();
        this.killGrace = killGrace;
        // With setsid(1) the group id is the pid; while the pid is in use no other group can have that id.
        this.ownProcessGroup = ownProcessGroup;
        String name = "runner-" + process.pid();
        this.stdoutDrain = drain(process.getInputStream(), stdout, name + "-stdout");
        this.stderrDrain = drain(process.getErrorStream(), stderr, name + "-stderr");
        this.supervisor = new Thread(this::supervise, name + "-supervisor");
        this.supervisor.setDaemon(true);
        this.supervisor.start();
    }

    /**
     * Starts {@code command} through {@code sandbox} with the spec's clean environment, in the run directory,
     * stdin from /dev/null.
     *
     * @param wallClockLimit after this the whole process tree is killed and the outcome is TIMED_OUT
     * @param killGrace time between SIGTERM and SIGKILL
     */
    public static RunnerProcess start(
            Sandbox sandbox, SandboxSpec spec, List<String> command, Duration wallClockLimit, Duration killGrace)
            throws IOException {
        return start(sandbox, spec, command, wallClockLimit, killGrace, false);
    }

    /**
     * As {@link #start}, with stdin a pipe from the monitor: for a runner started before its run, which waits for
     * the line of {@link #handOver}. {@code wallClockLimit} is the limit of the wait; the handover sets the run's.
     */
    public static RunnerProcess startWaiting(
            Sandbox sandbox, SandboxSpec spec, List<String> command, Duration wallClockLimit, Duration killGrace)
            throws IOException {
        return start(sandbox, spec, command, wallClockLimit, killGrace, true);
    }

    private static RunnerProcess start(
            Sandbox sandbox,
            SandboxSpec spec,
            List<String> command,
            Duration wallClockLimit,
            Duration killGrace,
            boolean input)
            throws IOException {
        Objects.requireNonNull(wallClockLimit, "wallClockLimit");
        Objects.requireNonNull(killGrace, "killGrace");
        List<String> full = new ArrayList<>();
        boolean setsid = Files.isExecutable(SETSID);
        if (setsid) {
            // Started from the JVM the child is no group leader, so setsid(1) execs directly (same pid):
            // the process becomes leader of a new session and process group we can signal as a whole.
            full.add(SETSID.toString());
        }
        full.addAll(sandbox.command(spec, command));
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(spec.runDirectory().toFile())
                .redirectInput(
                        input ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(spec.effectiveEnvironment());
        Process p = pb.start();
        LOG.debug("started runner pid {} ({}): {}", p.pid(), sandbox.mode(), full);
        return new RunnerProcess(p, wallClockLimit, killGrace, setsid);
    }

    /**
     * Hands a waiting process ({@link #startWaiting}) its run: writes {@code line} and a newline on its stdin and
     * closes it, and from now on the process has {@code wallClockLimit} (its outcome's elapsed time counts from
     * here too).
     */
    public void handOver(String line, Duration wallClockLimit) throws IOException {
        long now = System.nanoTime();
        startNanos = now;
        deadlineNanos = now + wallClockLimit.toNanos();
        supervisor.interrupt(); // it waits for the old limit: wait again for the new one
        try (var in = process.getOutputStream()) {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The pid of the started process (the bwrap process under bubblewrap). */
    public long pid() {
        return process.pid();
    }

    /**
     * Whether {@code pid} is the started process or one of its descendants (as seen from the monitor's pid
     * namespace). The IPC server checks its peer's credentials with it: under bubblewrap the runner is a
     * descendant of the bwrap process.
     */
    public boolean isProcessOrDescendant(long pid) {
        if (pid == handle.pid()) {
            return handle.isAlive();
        }
        return handle.descendants().anyMatch(h -> h.pid() == pid);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public OutputLog stdout() {
        return stdout;
    }

    public OutputLog stderr() {
        return stderr;
    }

    /** Completes once the process has ended, its tree is killed and its output drained. */
    public CompletableFuture<RunnerOutcome> onExit() {
        return outcome.copy();
    }

    /** Waits until the process ended (at the latest: the wall-clock limit plus the kill grace period). */
    public RunnerOutcome awaitExit() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("runner supervision failed", e.getCause());
        }
    }

    /** Waits at most {@code max}; throws {@link TimeoutException} if the outcome is not there by then. */
    public RunnerOutcome awaitExit(Duration max) throws InterruptedException, TimeoutException {
        try {
            return outcome.get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("runner supervision failed", e.getCause());
        }
    }

    /** Kills the whole process tree (asynchronously); the outcome becomes KILLED unless it ended already. */
    public void cancel() {
        if (outcome.isDone()) {
            return;
        }
        cancelled = true;
        supervisor.interrupt();
    }

    private void supervise() {
        RunnerOutcome.Kind kind;
        try {
            kind = awaitEndOrLimit();
            if (kind != RunnerOutcome.Kind.EXITED) {
                if (!process.isAlive()) {
                    // It ended on its own just before the limit or the cancel.
                    kind = RunnerOutcome.Kind.EXITED;
                } else {
                    LOG.info("runner pid {}: {}, killing its process tree", process.pid(), kind);
                    killTree();
                }
            }
            waitUninterruptibly();
            // Nothing of the run may survive it: kill what is left in its process group.
            signalGroup("KILL");
            Thread.interrupted();
            joinDrain(stdoutDrain);
            joinDrain(stderrDrain);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            outcome.complete(
                    new RunnerOutcome(kind, process.exitValue(), elapsed, stdout.snapshot(), stderr.snapshot()));
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            outcome.completeExceptionally(e);
        }
    }

    /** EXITED, or KILLED after {@link #cancel}, or TIMED_OUT at the limit (which {@link #handOver} may move). */
    private RunnerOutcome.Kind awaitEndOrLimit() {
        while (true) {
            try {
                if (cancelled) {
                    return RunnerOutcome.Kind.KILLED;
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                    return RunnerOutcome.Kind.EXITED;
                }
                if (deadlineNanos - System.nanoTime() <= 0) {
                    return cancelled ? RunnerOutcome.Kind.KILLED : RunnerOutcome.Kind.TIMED_OUT;
                }
            } catch (InterruptedException e) {
                // a cancel (checked above) or a new limit
            }
        }
    }

    private void waitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void joinDrain(Thread t) {
        // A late cancel() may interrupt this thread; it must not cut the output short.
        long deadline = System.nanoTime() + DRAIN_JOIN.toNanos();
        while (t.isAlive() && System.nanoTime() < deadline) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                // ignored: the process has ended already
            }
        }
        if (t.isAlive()) {
            LOG.warn("{} still running: a process outside the runner's process group holds its pipe", t.getName());
        }
    }

    /** SIGTERM to the process, its descendants and its group; SIGKILL to the survivors after the grace. */
    private void killTree() {
        List<ProcessHandle> victims = new ArrayList<>();
        victims.add(handle);
        handle.descendants().forEach(victims::add);
        for (ProcessHandle h : victims) {
            h.destroy();
        }
        signalGroup("TERM");
        long deadline = System.nanoTime() + killGrace.toNanos();
        while (System.nanoTime() < deadline && victims.stream().anyMatch(ProcessHandle::isAlive)) {
            if (handle.isAlive()) {
                handle.descendants().filter(d -> !victims.contains(d)).forEach(victims::add);
            }
            sleepQuietly(20);
        }
        if (handle.isAlive()) {
            handle.descendants().filter(d -> !victims.contains(d)).forEach(victims::add);
        }
        for (ProcessHandle h : victims) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        signalGroup("KILL");
    }

    private void signalGroup(String signal) {
        if (!ownProcessGroup || !Files.isExecutable(KILL)) {
            return;
        }
        try {
            Process k = new ProcessBuilder(KILL.toString(), "-s", signal, "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!k.waitFor(2, TimeUnit.SECONDS)) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.debug("kill -{} of group {} failed", signal, process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps; an interrupt (a cancel() during the kill) must not turn the grace loop into a busy loop. */
    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // ignored: the tree is being killed already
        }
    }

    /** The process group of {@code pid} from /proc, or -1. */
    static long processGroupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // state ppid pgrp ...
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Thread drain(InputStream in, OutputLog log, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (in) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            log.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        LOG.debug("{}: {}", name, e.toString());
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
