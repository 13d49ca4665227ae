package dev.hive.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a monitor that loses one answer: every connection is relayed byte for byte (HTTP
 * and WebSocket alike), except that the first answer holding a run's {@code "ticket"} (the answer to {@code POST
 * /api/v1/runs}, after the monitor made the run) is not passed on: the proxy closes that connection instead, so the
 * client sees its submission fail at the connection level after it reached the monitor.
 */
final class AnswerLosingProxy implements AutoCloseable {

    private static final byte[] MARK = "\"ticket\"".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int upstreamPort;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    AnswerLosingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "losing-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Whether the proxy has lost the answer yet. */
    boolean lostAnAnswer() {
        return lost.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                int n = connections.incrementAndGet();
                relay(client, upstream, false, "losing-proxy-up-" + n);
                relay(upstream, client, true, "losing-proxy-down-" + n);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to, boolean answers, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            if (answers && holdsMark(buffer, read) && lost.compareAndSet(false, true)) {
                                from.close();
                                to.close();
                                return;
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException closed) {
                        // one side went away: the other is closed by the try
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    private static boolean holdsMark(byte[] buffer, int length) {
        outer:
        for (int i = 0; i + MARK.length <= length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (buffer[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
