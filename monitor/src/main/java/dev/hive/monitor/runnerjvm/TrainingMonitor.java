package dev.hive.monitor.runnerjvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The monitor's side of a training run: a runner started as for a run ({@code java -jar runner.jar SOCKET
 * RUN_ID}) is greeted with a rack of one stack and no channels, so it goes through its whole start (connection,
 * hello, the welcome decoded, the desync check, its plan, the suite discovered on its warm-up thread, its
 * summary) and ends without a test: the classes of that path are what the archive holds. Whatever the runner
 * sends is read and dropped; the conversation ends when the runner closes the socket.
 */
final class TrainingMonitor implements AutoCloseable {

    /** A welcome (docs/ipc.md) with a described target but no channel, so nothing is connected or run. */
    static final String WELCOME = "{\"type\":\"welcome\",\"protocolVersion\":1,\"rack\":{\"name\":\"training\","
            + "\"capabilities\":[\"virtual\"],\"channels\":[],\"stacks\":[{\"index\":0,\"name\":\"a\",\"slots\":["
            + "{\"slot\":0,\"target\":{\"name\":\"lm3s6965evb\",\"architecture\":\"ARM\",\"core\":\"cortex-m3\","
            + "\"memory\":[{\"kind\":\"FLASH\",\"origin\":0,\"length\":262144},"
            + "{\"kind\":\"RAM\",\"origin\":536870912,\"length\":65536}],"
            + "\"testprogram\":{\"name\":\"default\",\"uid\":\"8dc1dc22b8c201db\",\"symbols\":{\"hive_header\":1024},"
            + "\"defines\":{\"HIVE_UID\":\"0x8dc1dc22b8c201dbULL\"}},\"flashOk\":true,\"flashMessage\":null}}]}]},"
            + "\"options\":{\"probes\":null,\"targets\":null,\"testTimeoutMillis\":10000,\"runTimeoutMillis\":60000,"
            + "\"selection\":null}}\n";

    private final ServerSocketChannel server;
    private final Thread serving;

    private TrainingMonitor(ServerSocketChannel server) {
        this.server = server;
        this.serving = new Thread(this::serve, "class-data-training-monitor");
        this.serving.setDaemon(true);
        this.serving.start();
    }

    /** Listens on {@code socket} and serves one runner. */
    static TrainingMonitor listen(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new TrainingMonitor(server);
    }

    private void serve() {
        try (SocketChannel runner = server.accept();
                var in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(runner), StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(runner)) {
            if (in.readLine() == null) {
                return; // no hello
            }
            out.write(WELCOME.getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (in.readLine() != null) {
                // log lines and the summary: dropped
            }
        } catch (IOException e) {
            // the runner went away, or close() ended the wait
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
