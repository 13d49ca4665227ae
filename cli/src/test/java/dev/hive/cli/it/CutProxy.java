package dev.hive.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP forwarder between the CLI and a monitor that the test owns. Once, when the first {@code cutAfter}
 * bytes (e.g. a {@code testFinished} frame) have passed from the monitor to the client, it severs every connection
 * it holds (both ends closed, no WebSocket close frame), as a network that drops would. It keeps accepting new
 * connections, so the client can come back.
 */
final class CutProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int monitorPort;
    private final byte[] marker;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    private CutProxy(int monitorPort, String cutAfter) throws IOException {
        this.monitorPort = monitorPort;
        this.marker = cutAfter.getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cut-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to the monitor at {@code monitorUrl} ({@code http://127.0.0.1:port}) that cuts after {@code cutAfter}. */
    static CutProxy to(String monitorUrl, String cutAfter) throws IOException {
        return new CutProxy(java.net.URI.create(monitorUrl).getPort(), cutAfter);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Whether the cut happened. */
    boolean cut() {
        return cut.get();
    }

    /** How many connections the client opened through the proxy. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket monitor = new Socket();
                monitor.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), monitorPort));
                connections.incrementAndGet();
                open.add(client);
                open.add(monitor);
                pump(client, monitor, false);
                pump(monitor, client, true);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("cut-proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromMonitor) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    byte[] window = new byte[0];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                            if (fromMonitor && !cut.get()) {
                                window = tail(window, buffer, n);
                                if (contains(window, marker) && cut.compareAndSet(false, true)) {
                                    severAll();
                                    return;
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the other side or the cut closed it
                    } finally {
                        quietlyClose(from);
                        quietlyClose(to);
                    }
                },
                "cut-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** The last bytes seen, enough to find a marker split across reads. */
    private byte[] tail(byte[] before, byte[] buffer, int n) {
        int keep = Math.min(before.length, marker.length);
        byte[] joined = new byte[keep + n];
        System.arraycopy(before, before.length - keep, joined, 0, keep);
        System.arraycopy(buffer, 0, joined, keep, n);
        return joined;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void severAll() {
        for (Socket s : open) {
            quietlyClose(s);
        }
        open.clear();
    }

    private static void quietlyClose(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        severAll();
    }
}
