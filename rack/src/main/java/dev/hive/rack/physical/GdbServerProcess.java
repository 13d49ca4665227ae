package dev.hive.rack.physical;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.config.StaticRackConfig.GdbServerConfig;
import dev.hive.rack.config.StaticRackConfig.GdbServerMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GDB server started from a rack file's template for a lease: in TCP mode listening on a loopback port this
 * class picked, in pipe mode speaking GDB's protocol on its stdin and stdout. Its output (stderr, and stdout in
 * TCP mode) goes to a file whose tail is kept in every error, so a server that dies or never listens says why.
 * {@link #stop()} ends the server and every process it started. Blocking: call it from a worker thread.
 */
public final class GdbServerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GdbServerProcess.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);
    private static final int OUTPUT_KEPT = 8 * 1024;
    private static final Duration POLL = Duration.ofMillis(50);

    private final Process process;
    private final Path output;
    private final int port;
    private final String what;

    private GdbServerProcess(Process process, Path output, int port, String what) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.what = what;
    }

    /**
     * Starts the server {@code config} describes, with {@code values} for the placeholders (a free loopback port
     * is added as {@code {port}} in TCP mode), and in TCP mode waits until it accepts a connection, at most the
     * config's start timeout.
     *
     * @param what names the server in logs and errors, e.g. {@code "the GDB server of channel 0"}
     * @throws RackException when it cannot be started, exits first or does not listen in time (it is stopped
     *     then), with its output
     */
    public static GdbServerProcess start(GdbServerConfig config, Map<String, String> values, String what) {
        var all = new HashMap<>(values);
        int port = config.mode() == GdbServerMode.TCP ? freeLoopbackPort() : -1;
        if (port > 0) {
            all.put("{port}", Integer.toString(port));
        }
        List<String> command = new CommandTemplate(config.command()).render(all);
        Path output;
        try {
            output = Files.createTempFile("hive-gdb-server-", ".log");
        } catch (IOException e) {
            throw new RackException("cannot create a file for the output of " + what + ": " + e.getMessage(), e);
        }
        var builder = new ProcessBuilder(command).redirectError(output.toFile());
        if (config.mode() == GdbServerMode.TCP) {
            builder.redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        }
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(output);
            throw new RackException("cannot start " + what + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
        var server = new GdbServerProcess(process, output, port, what);
        log.info("started {} (pid {}): {}", what, process.pid(), command);
        if (config.mode() == GdbServerMode.TCP) {
            server.awaitListening(config.startTimeout());
            log.info(
                    "{} accepts connections on 127.0.0.1:{} after {} ms",
                    what,
                    port,
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        return server;
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String out = outputTail();
                stop();
                throw new RackException(what + " exited with code " + process.exitValue()
                        + " before it accepted a connection on 127.0.0.1:" + port + "; its output:\n" + out);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                String out = outputTail();
                stop();
                throw new RackException(what + " did not accept a connection on 127.0.0.1:" + port + " within "
                        + timeout.toSeconds() + " s and was stopped; its output:\n" + out);
            }
            try {
                Thread.sleep(POLL.toMillis()); // polling another process's port: there is nothing to await
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new RackException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The loopback port it listens on (TCP mode), -1 in pipe mode. */
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its stdout, where a pipe-mode server writes GDB's protocol. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** Its stdin, where a pipe-mode server reads GDB's protocol. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The last few KiB of what it printed (stderr; in TCP mode stdout too). */
    public String outputTail() {
        try {
            byte[] bytes = Files.readAllBytes(output);
            int from = Math.max(0, bytes.length - OUTPUT_KEPT);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "[the output could not be read: " + e.getMessage() + "]";
        }
    }

    /**
     * Stops the server and everything it started: SIGTERM to the whole tree (taken before anything is stopped, as
     * children of a dead parent cannot be found through it), SIGKILL to what is left after a grace period.
     * Idempotent.
     */
    public void stop() {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        var stubborn = new ArrayList<ProcessHandle>();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                stubborn.add(handle);
            }
        }
        stubborn.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : stubborn) {
            try {
                handle.onExit().get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("{}: process {} did not end after SIGKILL", what, handle.pid());
            }
        }
        if (!tree.isEmpty() && Files.exists(output)) {
            log.info("stopped {} ({} process(es), {} needed SIGKILL)", what, tree.size(), stubborn.size());
        }
        deleteQuietly(output);
    }

    @Override
    public void close() {
        stop();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new RackException("cannot find a free loopback port for a GDB server: " + e.getMessage(), e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
        }
    }
}
