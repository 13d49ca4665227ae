package dev.hive.monitor.runnerjvm;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.IpcCodec;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcProtocolException;
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
 * RUN_ID}) is greeted with a rack of one channel and one target, so it goes through its whole start (connection,
 * hello, the welcome decoded, the desync check, its plan, the suite discovered on its warm-up thread) and then
 * runs its suite once on that target: every {@code connect} and {@code disconnect} is answered yes, and the
 * channel's probe is a Unix socket of this monitor that accepts each connection and closes it at once, so every
 * test that reaches for the probe fails at once instead of waiting. The classes of that whole path (the channel's
 * worker, JUnit's execution, the listener and results, the candidate's own code up to its first use of the probe)
 * are what the archive holds; a training without a channel left the path from the welcome to the first test
 * (about 200 classes of the example runner) to be loaded from the JAR and verified in every run. Whatever else
 * the runner sends is read and dropped; the conversation ends when the runner closes the socket.
 */
final class TrainingMonitor implements AutoCloseable {

    /** A test that hangs is stopped by the runner after this long. */
    static final int TEST_TIMEOUT_MILLIS = 2_000;

    /**
     * The runner stops a long suite after this long and still exits normally, so the archive is written well within
     * the training's limit of a minute ({@code ClassDataArchives}).
     */
    static final int RUN_TIMEOUT_MILLIS = 30_000;

    private final IpcCodec codec = new IpcCodec();
    private final ServerSocketChannel server;
    private final ServerSocketChannel probe;
    private final String welcome;
    private final Thread serving;
    private final Thread probing;

    private TrainingMonitor(ServerSocketChannel server, ServerSocketChannel probe, Path probeSocket) {
        this.server = server;
        this.probe = probe;
        this.welcome = welcome(probeSocket);
        this.serving = new Thread(this::serve, "class-data-training-monitor");
        this.serving.setDaemon(true);
        this.probing = new Thread(this::refuseProbeSessions, "class-data-training-probe");
        this.probing.setDaemon(true);
        this.serving.start();
        this.probing.start();
    }

    /** Listens on {@code socket}, and for the probe on {@code probe.sock} beside it, and serves one runner. */
    static TrainingMonitor listen(Path socket) throws IOException {
        Path probeSocket = socket.resolveSibling("probe.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            probe.bind(UnixDomainSocketAddress.of(probeSocket));
        } catch (IOException e) {
            server.close();
            probe.close();
            throw e;
        }
        return new TrainingMonitor(server, probe, probeSocket);
    }

    /**
     * The welcome (docs/ipc.md): one channel whose probe is at {@code probeSocket}, without a UART, and one target,
     * flashed; no selection, so the whole suite runs once.
     */
    static String welcome(Path probeSocket) {
        String endpoint = ("unix:" + probeSocket).replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"type\":\"welcome\",\"protocolVersion\":1,\"rack\":{\"name\":\"training\","
                + "\"capabilities\":[\"virtual\"],\"channels\":[{\"index\":0,\"probe\":{\"kind\":\"VIRTUAL_GDB\","
                + "\"identifier\":\"training probe\",\"vendorId\":0,\"productId\":0,\"serial\":\"training\","
                + "\"endpoint\":\"" + endpoint + "\"},\"uart\":null}],"
                + "\"stacks\":[{\"index\":0,\"name\":\"a\",\"slots\":["
                + "{\"slot\":0,\"target\":{\"name\":\"lm3s6965evb\",\"architecture\":\"ARM\",\"core\":\"cortex-m3\","
                + "\"memory\":[{\"kind\":\"FLASH\",\"origin\":0,\"length\":262144},"
                + "{\"kind\":\"RAM\",\"origin\":536870912,\"length\":65536}],"
                + "\"testprogram\":{\"name\":\"default\",\"uid\":\"8dc1dc22b8c201db\",\"symbols\":{\"hive_header\":1024},"
                + "\"defines\":{\"HIVE_UID\":\"0x8dc1dc22b8c201dbULL\"}},\"flashOk\":true,\"flashMessage\":null}}]}]},"
                + "\"options\":{\"probes\":null,\"targets\":null,\"testTimeoutMillis\":" + TEST_TIMEOUT_MILLIS
                + ",\"runTimeoutMillis\":"
                + RUN_TIMEOUT_MILLIS + ",\"selection\":null}}\n";
    }

    /** The answer to one line of the runner: {@code connected} (yes) to a bus request, else null. */
    String answer(String line) {
        IpcMessage message;
        try {
            message = codec.decode(line);
        } catch (IpcProtocolException | RuntimeException e) {
            return null; // not for the training to judge: the archive is all it wants of the runner
        }
        if (message instanceof Connect connect) {
            return codec.encode(Connected.success(connect.requestId())) + "\n";
        }
        if (message instanceof Disconnect disconnect) {
            return codec.encode(Connected.success(disconnect.requestId())) + "\n";
        }
        return null;
    }

    private void serve() {
        try (SocketChannel runner = server.accept();
                var in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(runner), StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(runner)) {
            if (in.readLine() == null) {
                return; // no hello
            }
            out.write(welcome.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String answer = answer(line);
                if (answer != null) {
                    out.write(answer.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the runner went away, or close() ended the wait
        }
    }

    /** Accepts every connection to the probe and closes it at once: the desync check passes, a session ends. */
    private void refuseProbeSessions() {
        try {
            while (true) {
                probe.accept().close();
            }
        } catch (IOException e) {
            // close() ended the wait
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            probe.close();
        }
    }
}
