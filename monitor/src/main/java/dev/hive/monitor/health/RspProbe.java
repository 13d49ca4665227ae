package dev.hive.monitor.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The least of GDB's remote serial protocol a health check needs, over a probe's Unix socket: read memory
 * ({@code m}), continue ({@code c}), interrupt (0x03) and detach ({@code D}); one request at a time. The connect,
 * every write and every whole answer (not each byte: a stub that trickles acknowledgements or unasked packets
 * would otherwise be waited on forever) are bounded by the timeout. Not a debugger: the example candidate ({@code examples/rsp-probe}) is.
 */
final class RspProbe implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final Duration timeout;
    private static final int MAX_SKIPPED = 4;

    private final ByteBuffer in = ByteBuffer.allocate(8192).flip();

    private RspProbe(SocketChannel channel, Selector selector, Duration timeout) {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
    }

    /** Connects to {@code unix:PATH}. */
    static RspProbe open(String endpoint, Duration timeout) throws IOException {
        if (!endpoint.startsWith("unix:")) {
            throw new IOException("the health check speaks to unix: probe endpoints only, not " + endpoint);
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            if (!channel.connect(UnixDomainSocketAddress.of(Path.of(endpoint.substring(5))))) {
                SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!channel.finishConnect()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new IOException(
                                "connecting to " + endpoint + " took longer than " + timeout.toMillis() + " ms");
                    }
                    selector.select(left);
                    selector.selectedKeys().clear();
                }
                key.interestOps(SelectionKey.OP_READ);
            } else {
                channel.register(selector, SelectionKey.OP_READ);
            }
            return new RspProbe(channel, selector, timeout);
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            channel.close();
            throw e;
        }
    }

    /** Reads {@code length} bytes at {@code address}. */
    byte[] read(long address, int length) throws IOException {
        String reply = request(
                "m" + Long.toHexString(address) + "," + Integer.toHexString(length),
                r -> r.startsWith("E") || r.length() == 2 * length && !r.startsWith("T"));
        if (reply.startsWith("E")) {
            throw new IOException(
                    "reading " + length + " bytes at 0x" + Long.toHexString(address) + " answered '" + reply + "'");
        }
        return HexFormat.of().parseHex(reply);
    }

    /** A little-endian unsigned value of {@code length} (at most 8) bytes at {@code address}. */
    long readLittleEndian(long address, int length) throws IOException {
        byte[] bytes = read(address, length);
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    /** Why the target stopped ({@code ?}). */
    String haltReason() throws IOException {
        return request("?", RspProbe::isStopReply);
    }

    /** Lets the target run for {@code time}, then stops it again; answers the stop reply. */
    String runFor(Duration time) throws IOException, InterruptedException {
        send("c");
        Thread.sleep(time.toMillis());
        write(new byte[] {0x03});
        return readPacket(RspProbe::isStopReply, "the stop reply after an interrupt");
    }

    /** Detaches; the target runs on. */
    void detach() throws IOException {
        request("D", r -> r.equals("OK") || r.startsWith("E"));
    }

    private static boolean isStopReply(String reply) {
        return reply.startsWith("T") || reply.startsWith("S");
    }

    /**
     * Sends {@code payload} and answers the first packet that {@code fits} it. The stub's link is kept by the bus
     * switch across clients, so it may still be in no-ack mode (a previous client asked for it), and a stop reply
     * may arrive unasked: acknowledgements are taken when they come, and packets that do not fit are skipped.
     */
    private String request(String payload, Predicate<String> fits) throws IOException {
        send(payload);
        return readPacket(fits, "the answer to '" + payload + "'");
    }

    private void send(String payload) throws IOException {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.US_ASCII)) {
            sum += b & 0xff;
        }
        write(("$" + payload + "#" + String.format("%02x", sum & 0xff)).getBytes(StandardCharsets.US_ASCII));
    }

    private String readPacket(Predicate<String> fits, String what) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int skipped = 0; ; skipped++) {
            String packet = readPacket(deadline, what);
            if (fits.test(packet)) {
                return packet;
            }
            if (skipped >= MAX_SKIPPED) {
                throw new IOException("the probe answered '" + packet + "', not what was asked");
            }
        }
    }

    private String readPacket(long deadline, String what) throws IOException {
        int b;
        do {
            b = readByte(deadline, what); // '+' acknowledgements (ack mode) are passed over
        } while (b != '$');
        var payload = new ByteArrayOutputStream();
        while ((b = readByte(deadline, what)) != '#') {
            payload.write(b);
        }
        readByte(deadline, what);
        readByte(deadline, what);
        write(new byte[] {'+'});
        return payload.toString(StandardCharsets.US_ASCII);
    }

    private int readByte(long deadline, String what) throws IOException {
        while (!in.hasRemaining()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IOException("the probe did not give " + what + " within " + timeout.toMillis() + " ms");
            }
            selector.select(left);
            selector.selectedKeys().clear();
            in.compact();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("the probe closed the connection");
            }
        }
        return in.get() & 0xff;
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the probe took nothing written for " + timeout.toMillis() + " ms");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
