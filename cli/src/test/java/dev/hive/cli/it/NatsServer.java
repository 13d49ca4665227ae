package dev.hive.cli.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} with JetStream, loopback only, on a free port, its store in the test's directory: the
 * hub of a small fleet for the CLI's fleet tests (the monitor's fleet tests have a fuller one, {@code NatsHub}).
 */
final class NatsServer implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(20);

    private final Process process;
    private final int port;

    private NatsServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static NatsServer start(Path dir) throws IOException, InterruptedException {
        int port;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path store = Files.createDirectories(dir.resolve("store"));
        Path log = dir.resolve("nats.log");
        Process process = new ProcessBuilder(
                        "nats-server", "-js", "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd", store.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var server = new NatsServer(process, port);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!server.ready(log)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("nats-server did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return server;
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
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
