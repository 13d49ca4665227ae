package dev.hive.rack.virtual;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the rack's child processes so that none outlives the JVM, even one killed with SIGKILL.
 *
 * <p>Two guards: every child is started through {@code setpriv --pdeathsig TERM}, so the kernel signals it
 * when the thread that started it ends; that thread is this launcher's own, alive until {@link #close()}. And
 * a small reaper shell holds a pipe from this JVM: when the pipe closes, however the JVM ended, it terminates
 * every process whose command line mentions the run directory and removes that directory. Children run in a
 * session of their own ({@code setsid}), so a Ctrl-C in the terminal reaches only the JVM, which then stops
 * them in order.
 */
final class ProcessLauncher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ExecutorService thread;
    private final Path runDirectory;
    private final boolean pdeathsig;
    private final Process reaper;

    ProcessLauncher(Path runDirectory) throws IOException {
        this.runDirectory = runDirectory;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rack-process-launcher");
            t.setDaemon(true);
            return t;
        });
        this.pdeathsig = Files.isExecutable(SETPRIV);
        if (!pdeathsig) {
            LOG.warn("{} is missing: QEMU processes are reaped only by the run-directory reaper", SETPRIV);
        }
        this.reaper = start(List.of(
                SETSID.toString(),
                "sh",
                "-c",
                "cat >/dev/null; if pkill -TERM -f -- \"$0/\"; then sleep 0.5; pkill -KILL -f -- \"$0/\"; fi; rm -rf -- \"$0\"",
                runDirectory.toString()));
    }

    /** Starts {@code command} (with stdout and stderr appended to {@code log}) from the launcher thread. */
    Process start(List<String> command, Path log) throws IOException {
        var full = new ArrayList<String>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        if (pdeathsig) {
            full.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        }
        full.addAll(command);
        var builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        return onLauncherThread(builder);
    }

    private Process start(List<String> command) throws IOException {
        var builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true);
        return onLauncherThread(builder);
    }

    private Process onLauncherThread(ProcessBuilder builder) throws IOException {
        try {
            return thread.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start " + builder.command().get(0), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while starting " + builder.command().get(0), e);
        }
    }

    Path runDirectory() {
        return runDirectory;
    }

    /** Lets the reaper finish: it removes the run directory. Call after every child was stopped. */
    @Override
    public void close() {
        try (OutputStream pipe = reaper.getOutputStream()) {
            pipe.flush();
        } catch (IOException e) {
            LOG.debug("reaper pipe already closed: {}", e.toString());
        }
        try {
            reaper.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdown();
    }
}
