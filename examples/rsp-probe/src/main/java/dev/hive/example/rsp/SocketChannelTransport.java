package dev.hive.example.rsp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Unix domain socket or TCP transport on a non-blocking JDK {@link SocketChannel}; a {@link
 * Selector} implements the read timeouts.
 */
final class SocketChannelTransport implements RspTransport {

    private static final long WRITE_TIMEOUT_MILLIS = 10_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final String description;
    private volatile boolean closed;

    private SocketChannelTransport(SocketChannel channel, String description) throws IOException {
        this.channel = channel;
        this.description = description;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    static SocketChannelTransport connectUnix(RspEndpoint endpoint, Duration timeout) throws RspException {
        Path path = Path.of(endpoint.address());
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            return new SocketChannelTransport(channel, endpoint.toString());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new RspException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    static SocketChannelTransport connectTcp(RspEndpoint endpoint, Duration timeout) throws RspException {
        SocketChannel channel = null;
        Selector connectSelector = null;
        try {
            InetSocketAddress address = new InetSocketAddress(endpoint.address(), endpoint.port());
            if (address.isUnresolved()) {
                throw new RspException("cannot connect to " + endpoint + ": unknown host " + endpoint.address());
            }
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                connectSelector = Selector.open();
                channel.register(connectSelector, SelectionKey.OP_CONNECT);
                long millis = Math.max(1, timeout.toMillis());
                if (connectSelector.select(millis) == 0) {
                    throw new RspTimeoutException(
                            "connect to " + endpoint + " timed out after " + millis + " ms", "connect", timeout);
                }
                channel.finishConnect();
                connectSelector.close();
                connectSelector = null;
            }
            return new SocketChannelTransport(channel, endpoint.toString());
        } catch (RspException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new RspException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(connectSelector);
        }
    }

    @Override
    public int read(byte[] buffer, long timeoutMillis) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buffer);
        int n = readNow(bb);
        if (n != 0 || timeoutMillis <= 0) {
            return n;
        }
        try {
            key.interestOps(SelectionKey.OP_READ);
            selector.select(timeoutMillis);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException | CancelledKeyException e) {
            throw closedWhileWaiting(e);
        }
        return readNow(bb);
    }

    private IOException closedWhileWaiting(RuntimeException e) {
        ClosedChannelException closedChannel = new ClosedChannelException();
        closedChannel.initCause(e);
        return closedChannel;
    }

    private int readNow(ByteBuffer bb) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        return channel.read(bb);
    }

    @Override
    public void write(byte[] data) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(data);
        long deadline = System.nanoTime() + WRITE_TIMEOUT_MILLIS * 1_000_000L;
        while (bb.hasRemaining()) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (channel.write(bb) == 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new IOException("write to " + description + " blocked for " + WRITE_TIMEOUT_MILLIS + " ms");
                }
                try {
                    key.interestOps(SelectionKey.OP_WRITE);
                    selector.select(left);
                    selector.selectedKeys().clear();
                    key.interestOps(SelectionKey.OP_READ);
                } catch (ClosedSelectorException | CancelledKeyException e) {
                    throw closedWhileWaiting(e);
                }
            }
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        closeQuietly(channel);
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
    }
}
