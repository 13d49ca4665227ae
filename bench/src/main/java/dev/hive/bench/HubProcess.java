package dev.hive.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fleet's hub for the benchmarks: a real {@code nats-server} with JetStream (from {@code scripts/install-deps}),
 * loopback only, on a free port, its store in {@code dir}. It touches nothing but its port, its directory and its
 * own process.
 */
final class HubProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private HubProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the hub and waits (at most 20 s) until it says it is ready and accepts connections. */
    static HubProcess start(Path dir) throws IOException, InterruptedException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("nats-server.log");
        Process process = new ProcessBuilder(List.of(
                        "nats-server",
                        "-js",
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-sd",
                        Files.createDirectories(dir.resolve("store")).toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var hub = new HubProcess(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!hub.ready(log)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                hub.close();
                throw new IllegalStateException("nats-server did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return hub;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
