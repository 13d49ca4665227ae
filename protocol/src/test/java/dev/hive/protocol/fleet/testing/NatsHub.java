package dev.hive.protocol.fleet.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} with JetStream (from {@code scripts/install-deps}) for the fleet's tests and benchmarks:
 * loopback only, on a free port, its store in a directory of the caller's own. It can be killed (SIGKILL, as a
 * crashed hub), started again on the same port on its store (a hub that came back) or with a fresh one (a hub that
 * was replaced). It touches nothing but its port, its directory and its own process. Shared through this module's
 * test-jar by the monitor's and the CLI's tests and by {@code bench}: the one module all three depend on.
 */
public final class NatsHub implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final List<String> options;
    private Process process;
    private int generation;
    private boolean keepStore;

    private NatsHub(Path dir, int port, List<String> options) {
        this.dir = dir;
        this.port = port;
        this.options = List.copyOf(options);
    }

    /** Starts a hub whose files live under {@code dir}; waits until it accepts clients. */
    public static NatsHub start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of());
    }

    /** As {@link #start(Path)}, with more {@code nats-server} options (e.g. {@code --tls ...}). */
    public static NatsHub start(Path dir, List<String> options) throws IOException, InterruptedException {
        var hub = new NatsHub(dir, freePort(), options);
        hub.startProcess();
        return hub;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the hub at once (SIGKILL) and waits until its process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("nats-server on port " + port + " did not die");
        }
    }

    /** Starts the hub again on the same port with an empty store, as a hub that was replaced. */
    public void restart() throws IOException, InterruptedException {
        startProcess();
    }

    /** Starts the hub again on the same port and the same store, as a hub that crashed and came back. */
    public void restartOnItsStore() throws IOException, InterruptedException {
        keepStore = true;
        try {
            startProcess();
        } finally {
            keepStore = false;
        }
    }

    private void startProcess() throws IOException, InterruptedException {
        if (!keepStore) {
            generation++;
        }
        Path store = Files.createDirectories(dir.resolve("store-" + generation));
        Path log = dir.resolve("nats-" + generation + (keepStore ? "-again" : "") + ".log");
        var command = new java.util.ArrayList<>(List.of(
                "nats-server", "-js", "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd", store.toString()));
        command.addAll(options);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!ready(log)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("nats-server not ready after " + READY + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private boolean ready(Path log) throws IOException {
        if (!Files.exists(log) || !Files.readString(log).contains("Server is ready")) {
            return false;
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
