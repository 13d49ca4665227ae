package dev.hive.cli.daemon;

import dev.hive.cli.CliEnvironment;
import dev.hive.cli.ExitCode;
import dev.hive.cli.HiveCommandLine;
import dev.hive.cli.Interrupts;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request, on a thread of its own: the command runs with the client's arguments, directory, environment and
 * terminal flag, writing to the request's FIFOs; its exit code goes to the file {@code status} before the FIFOs close
 * (the client reads it once its copies of the streams end). A cancel (the client's Ctrl-C, or its end) runs what the
 * command registered for Ctrl-C, as a shutdown hook does in a {@code hive} process of its own, and ends the request.
 */
final class RequestRun implements Runnable {

    /** What the request's status says when it was cancelled: 128 + SIGINT, as a {@code hive} process killed by it. */
    static final int CANCELLED = 130;

    private final DaemonRequest request;
    private final long number;
    private final DaemonLog log;
    private final List<Runnable> onInterrupt = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Thread thread;
    private volatile OutputStream out;
    private volatile OutputStream err;
    private volatile int status;

    RequestRun(DaemonRequest request, long number, DaemonLog log) {
        this.request = request;
        this.number = number;
        this.log = log;
    }

    DaemonRequest request() {
        return request;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long start = System.nanoTime();
        long cpuBefore = DaemonLog.cpuMillis();
        int code = ExitCode.UNAVAILABLE;
        try {
            Files.createFile(request.dir().resolve("taken"));
            out = new FileOutputStream(request.dir().resolve("out").toFile());
            err = new FileOutputStream(request.dir().resolve("err").toFile());
            if (ended.get()) { // cancelled while the client had not opened its ends yet
                out.close();
                err.close();
                return;
            }
            PrintWriter stdout = writer(out);
            PrintWriter stderr = writer(err);
            code = execute(stdout, stderr);
            if (traced()) {
                stderr.println("hive cli daemon: request " + number + " served by pid "
                        + ProcessHandle.current().pid()
                        + " in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms; cpu "
                        + (DaemonLog.cpuMillis() - cpuBefore) + " ms");
            }
            stdout.flush();
            stderr.flush();
        } catch (IOException | RuntimeException e) {
            log.line("request " + number + " failed: " + e);
        } finally {
            end(code);
            log.line("request " + number + ": " + String.join(" ", request.args()) + " in " + request.workingDir()
                    + ": exit " + status + " in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        }
    }

    private int execute(PrintWriter stdout, PrintWriter stderr) {
        var env = new CliEnvironment(
                request.env(),
                CliEnvironment.configDir(request.env()),
                CliEnvironment.cacheDir(request.env()),
                InputStream.nullInputStream(),
                stdout,
                stderr,
                request.terminal() && !"dumb".equals(request.env().get("TERM")),
                request.workingDir(),
                this::onInterrupt);
        String[] args = request.args().toArray(String[]::new);
        try {
            return HiveCommandLine.create(env, args).execute(args);
        } catch (RuntimeException | LinkageError e) {
            stderr.println("hive: the CLI's daemon failed to run the command: " + e);
            return ExitCode.UNAVAILABLE;
        }
    }

    private Interrupts.Registration onInterrupt(Runnable action) {
        onInterrupt.add(action);
        return () -> onInterrupt.remove(action);
    }

    /**
     * The client was interrupted (Ctrl-C) or ended: runs what the command registered for it, then ends the request (the
     * command's thread is interrupted; whatever it writes after goes nowhere).
     */
    void cancel() {
        if (ended.get()) {
            return;
        }
        log.line("request " + number + ": cancelled by its client");
        onInterrupt.forEach(Runnable::run);
        if (end(CANCELLED)) {
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
        }
    }

    /** Writes {@code code} as the request's status and closes its streams, once; false when it had ended. */
    private boolean end(int code) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        status = code;
        Path status = request.dir().resolve("status");
        try {
            Path written = Files.writeString(request.dir().resolve("status.tmp"), code + "\n");
            Files.move(written, status, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.line("request " + number + ": cannot write its status: " + e);
        }
        close(out, "out");
        close(err, "err");
        return true;
    }

    private boolean traced() {
        String trace = request.env().get("HIVE_CLI_TRACE");
        return "1".equals(trace) || "true".equalsIgnoreCase(trace);
    }

    private static PrintWriter writer(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /**
     * Closes the stream to the FIFO {@code name}; when the command's thread is still opening it (a client that ended
     * before it read), opens the FIFO's other end so that the open returns.
     */
    private void close(OutputStream stream, String name) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // the client is gone
            }
            return;
        }
        Thread unblock = new Thread(
                () -> {
                    try (var reader = new java.io.FileInputStream(
                            request.dir().resolve(name).toFile())) {
                        reader.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // removed with the request's directory
                    }
                },
                "hive-daemon-unblock");
        unblock.setDaemon(true);
        unblock.start();
    }
}
