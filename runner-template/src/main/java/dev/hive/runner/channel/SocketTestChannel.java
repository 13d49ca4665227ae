package dev.hive.runner.channel;

import dev.hive.runner.api.TestChannel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;

/**
 * A testchannel's I/O during one target visit. The UART is the channel's {@code uart} endpoint, a Unix socket
 * on the virtual rack that the bus switch splices to the connected target's serial port; it is opened on first
 * use and closed when the visit ends. GPIO has no driver in this runner: on a rack without the {@code gpio}
 * capability it fails with "GPIO is not available on this rack".
 */
public final class SocketTestChannel implements TestChannel, AutoCloseable {

    private final int index;
    private final String uartEndpoint;
    private final boolean rackHasGpio;
    private SocketChannel uart;
    private Selector readable;

    /**
     * @param uartEndpoint the channel's UART endpoint, null when it has none
     * @param rackHasGpio whether the rack description lists the {@code gpio} capability
     */
    public SocketTestChannel(int index, String uartEndpoint, boolean rackHasGpio) {
        this.index = index;
        this.uartEndpoint = uartEndpoint;
        this.rackHasGpio = rackHasGpio;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public boolean hasUart() {
        return uartEndpoint != null;
    }

    @Override
    public synchronized void writeUart(byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        SocketChannel link = uart();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (buffer.hasRemaining()) {
            if (link.write(buffer) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the UART of channel " + index + " took no data for 5 s");
                }
                pause();
            }
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to the UART", e);
        }
    }

    @Override
    public synchronized byte[] readUart(int maxBytes, Duration timeout) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        SocketChannel link = uart();
        ByteBuffer buffer = ByteBuffer.allocate(maxBytes);
        int n = link.read(buffer);
        if (n == 0) {
            readable.selectedKeys().clear();
            if (readable.select(Math.max(1, timeout.toMillis())) > 0) {
                n = link.read(buffer);
            }
        }
        if (n < 0) {
            throw new IOException("the UART of channel " + index + " was closed (the target is gone)");
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    @Override
    public boolean inputIsHigh(int pin) {
        throw noGpio();
    }

    @Override
    public void setOutput(boolean high) {
        throw noGpio();
    }

    private UnsupportedOperationException noGpio() {
        return new UnsupportedOperationException(
                rackHasGpio
                        ? "the rack lists GPIO, but this runner has no GPIO driver yet (channel " + index + ")"
                        : "GPIO is not available on this rack");
    }

    private SocketChannel uart() throws IOException {
        if (uartEndpoint == null) {
            throw new UnsupportedOperationException("channel " + index + " has no UART on this rack");
        }
        if (uart == null) {
            if (!uartEndpoint.startsWith("unix:")) {
                throw new UnsupportedOperationException(
                        "this runner reaches UARTs over Unix sockets only, not " + uartEndpoint);
            }
            SocketChannel link = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                link.connect(UnixDomainSocketAddress.of(uartEndpoint.substring("unix:".length())));
                link.configureBlocking(false);
                readable = Selector.open();
                link.register(readable, SelectionKey.OP_READ);
            } catch (IOException e) {
                link.close();
                throw new IOException(
                        "cannot open the UART of channel " + index + " at " + uartEndpoint + ": " + e.getMessage(), e);
            }
            uart = link;
        }
        return uart;
    }

    /** Closes the UART link, if it was opened. */
    @Override
    public synchronized void close() {
        try {
            if (readable != null) {
                readable.close();
            }
            if (uart != null) {
                uart.close();
            }
        } catch (IOException e) {
            // closing a socket we are done with; nothing to recover
        } finally {
            uart = null;
            readable = null;
        }
    }
}
