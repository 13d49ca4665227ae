package dev.hive.rack.virtual;

import dev.hive.rack.backend.ProbeTakeover;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stable Unix socket that one client at a time connects to, spliced to whatever upstream socket the bus
 * switch has attached. A new client takes the endpoint over and the previous connection is closed, so a client
 * that went away without the endpoint noticing yet never blocks the next one. With nothing attached the endpoint accepts the client and answers nothing, as a real
 * probe with no target behind it would. When the upstream goes away under a client (the target died), the
 * client's connection is closed so it notices at once.
 *
 * <p>A client in this process (the monitor's lease streams) may {@link #takeOver take the endpoint over} without a
 * socket: it is given the upstream's path and connects to it itself, which spares its bytes a hop through this
 * endpoint's two threads. It is a client like any other: a new client takes the endpoint over from it, it is hung up
 * when the upstream goes away, and its upstream connection is cut when the route is switched or cut (it then hears
 * nothing, where a socket client would be routed on; a lease's channel is not switched while the lease lasts).
 */
final class SplicedEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SplicedEndpoint.class);

    private final Path path;
    private final String label;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private Path upstreamPath;
    private SocketChannel client;
    private SocketChannel upstream;
    private ProbeTakeover inProcess;
    private volatile boolean closed;

    SplicedEndpoint(Path path, String label) throws IOException {
        this.path = path;
        this.label = label;
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        this.acceptor = new Thread(this::acceptLoop, label + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path path() {
        return path;
    }

    /** Routes the endpoint to {@code socket}; a connected client gets a fresh upstream connection. */
    synchronized void attach(Path socket) throws IOException {
        dropUpstream();
        cutInProcess();
        upstreamPath = socket;
        if (client != null) {
            openUpstream(client);
        }
    }

    /** Cuts the route; a connected client stays connected and hears nothing. */
    synchronized void detach() {
        upstreamPath = null;
        dropUpstream();
        cutInProcess();
    }

    /**
     * Takes the endpoint over for {@code takeover}, a client in this process, and hangs up the previous client:
     * answers the upstream's path to connect to, or empty when nothing is attached (nothing to take over).
     */
    synchronized Optional<Path> takeOver(ProbeTakeover takeover) {
        if (upstreamPath == null) {
            return Optional.empty();
        }
        if (client != null || inProcess != null) {
            LOG.info("{}: a client in the monitor takes the probe over; the previous connection is closed", label);
            hangUp();
        }
        inProcess = takeover;
        return Optional.of(upstreamPath);
    }

    /** {@code takeover} is done with the endpoint (its connection is closed); nothing if it was hung up already. */
    synchronized void release(ProbeTakeover takeover) {
        if (inProcess == takeover) {
            inProcess = null;
        }
    }

    /** Closes the client's connection too, as when the target behind it died. */
    synchronized void hangUp() {
        dropUpstream();
        closeQuietly(client);
        client = null;
        hangUpInProcess();
    }

    private void cutInProcess() {
        ProbeTakeover previous = inProcess;
        inProcess = null;
        if (previous != null) {
            previous.cut();
        }
    }

    private void hangUpInProcess() {
        ProbeTakeover previous = inProcess;
        inProcess = null;
        if (previous != null) {
            previous.hangUp();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel accepted = server.accept();
                accept(accepted);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: accept failed: {}", label, e.toString());
                }
            }
        }
    }

    private synchronized void accept(SocketChannel accepted) {
        if (client != null || inProcess != null) {
            LOG.info("{}: a new client takes the probe over; the previous connection is closed", label);
            hangUp();
        }
        client = accepted;
        if (upstreamPath != null) {
            try {
                openUpstream(accepted);
            } catch (IOException e) {
                LOG.warn("{}: cannot reach {}, hanging up: {}", label, upstreamPath, e.toString());
                hangUp();
                return;
            }
        }
        Thread reader = new Thread(() -> pumpFromClient(accepted), label + "-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void openUpstream(SocketChannel forClient) throws IOException {
        SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            opened.connect(UnixDomainSocketAddress.of(upstreamPath));
        } catch (IOException e) {
            closeQuietly(opened);
            throw e;
        }
        upstream = opened;
        Thread reader = new Thread(() -> pumpFromUpstream(opened, forClient), label + "-upstream");
        reader.setDaemon(true);
        reader.start();
    }

    private void pumpFromClient(SocketChannel from) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (from.read(buffer.clear()) >= 0) {
                buffer.flip();
                SocketChannel to;
                synchronized (this) {
                    // Only the current client's bytes go upstream: a client taken over may still have bytes in
                    // hand (a debugger's last ack), and any byte stops a running QEMU.
                    to = client == from ? upstream : null;
                }
                if (to != null) {
                    writeFully(to, buffer);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: client read ended: {}", label, e.toString());
        }
        synchronized (this) {
            if (client == from) {
                client = null;
                dropUpstream();
            }
        }
        closeQuietly(from);
    }

    private void pumpFromUpstream(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (from.read(buffer.clear()) >= 0) {
                buffer.flip();
                writeFully(to, buffer);
            }
        } catch (IOException e) {
            LOG.debug("{}: upstream read ended: {}", label, e.toString());
        }
        synchronized (this) {
            if (upstream == from) {
                // the far end went away by itself: the target is gone, tell the client by hanging up
                LOG.info("{}: the target's socket closed; hanging up on the client", label);
                hangUp();
            }
        }
        closeQuietly(from);
    }

    private static void writeFully(SocketChannel to, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            try {
                to.write(buffer);
            } catch (ClosedChannelException e) {
                return;
            }
        }
    }

    private void dropUpstream() {
        SocketChannel old = upstream;
        upstream = null;
        closeQuietly(old);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            upstreamPath = null;
            hangUp();
        }
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("{}: close: {}", label, e.toString());
        }
    }
}
