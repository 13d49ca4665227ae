package dev.hive.cli.daemon;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon: {@code java -cp hive-cli.jar dev.hive.cli.daemon.CliDaemon DIR IDLE_MINUTES}, started by the launcher in
 * the background. {@code DIR} (0700, one per checksum of the JAR and the Java) holds the FIFO {@code in}, the lock that
 * keeps a second daemon of the same directory from starting, the file {@code pid} (written once the daemon reads
 * {@code in}; removed when it stops taking requests) and the requests' directories. Lines on {@code in}: a request's
 * directory (run it), {@code cancel DIR} (the client's Ctrl-C), {@code stop}. The daemon ends after {@code
 * IDLE_MINUTES} without a request running, or on {@code stop} once the requests running have ended.
 */
public final class CliDaemon {

    private final Path dir;
    private final DaemonLog log;
    private final IdleExit idle;
    private final Map<Path, RequestRun> running = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean stopping;

    private CliDaemon(Path dir, Duration idleAfter, DaemonLog log) {
        this.dir = dir;
        this.log = log;
        this.idle = new IdleExit(idleAfter, this::exitIfIdle);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        Duration idleAfter = Duration.ofMillis((long) (Double.parseDouble(args[1]) * 60_000));
        DaemonLog log = new DaemonLog(System.err);
        FileChannel lockFile =
                FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            log.line("another daemon serves " + dir + "; this one ends");
            return;
        }
        new CliDaemon(dir, idleAfter, log).serve();
    }

    private void serve() throws IOException {
        // Read and write: the FIFO never reaches its end, and a client's open for writing never waits for a reader.
        try (var fifo = new RandomAccessFile(dir.resolve("in").toFile(), "rw");
                var lines = new BufferedReader(
                        new InputStreamReader(new FileInputStream(fifo.getFD()), StandardCharsets.UTF_8))) {
            writePid();
            log.line("pid " + ProcessHandle.current().pid() + " serves " + dir + " (" + Runtime.version()
                    + "), ends after " + idle.after().toSeconds() + " s idle");
            idle.start();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                take(line.strip());
            }
        }
    }

    private void take(String line) {
        if (line.equals("stop")) {
            log.line("asked to stop (" + running.size() + " requests running)");
            stopping = true;
            removePid();
            exitIfIdle();
        } else if (line.startsWith("cancel ")) {
            RequestRun run = running.get(requestDir(line.substring("cancel ".length())));
            if (run != null) {
                thread(run::cancel, "hive-daemon-cancel").start();
            }
        } else if (!line.isEmpty()) {
            start(requestDir(line));
        }
    }

    private synchronized void start(Path requestDir) {
        if (!requestDir.getParent().equals(dir)) {
            log.line("ignored a request outside " + dir + ": " + requestDir);
            return;
        }
        DaemonRequest request;
        try {
            request = DaemonRequest.read(requestDir);
        } catch (IOException | RuntimeException e) {
            log.line("ignored a request that cannot be read: " + e);
            return;
        }
        long number = requests.incrementAndGet();
        RequestRun run = new RequestRun(request, number, log);
        running.put(requestDir, run);
        idle.busy();
        ProcessHandle.of(request.clientPid())
                .ifPresent(client -> client.onExit().thenRun(run::cancel));
        thread(
                        () -> {
                            try {
                                run.run();
                            } finally {
                                running.remove(requestDir);
                                idle.done();
                                if (stopping) {
                                    exitIfIdle();
                                }
                            }
                        },
                        "hive-request-" + number)
                .start();
    }

    private Path requestDir(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    private synchronized void exitIfIdle() {
        if (running.isEmpty()) {
            removePid();
            log.line("ends after " + requests.get() + " requests" + (stopping ? " (stopped)" : " (idle)"));
            System.exit(0);
        }
    }

    private void writePid() throws IOException {
        Path tmp = Files.writeString(
                dir.resolve("pid.tmp"), ProcessHandle.current().pid() + "\n");
        Files.move(tmp, dir.resolve("pid"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the pid file if it is this daemon's: new clients no longer come (they start another, or run alone). */
    private void removePid() {
        Path pid = dir.resolve("pid");
        try {
            if (Files.readString(pid)
                    .strip()
                    .equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(pid);
            }
        } catch (IOException e) {
            // gone already
        }
    }

    private static Thread thread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(false);
        return thread;
    }
}
