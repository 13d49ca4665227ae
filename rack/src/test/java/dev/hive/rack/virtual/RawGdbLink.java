package dev.hive.rack.virtual;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Just enough of the GDB remote protocol to check the bus switch from the rack's own tests (the example
 * candidate has the full client): send a packet, wait for one reply packet or for silence.
 */
final class RawGdbLink implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final StringBuilder pending = new StringBuilder();
    private boolean closedByPeer;

    RawGdbLink(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Sends {@code payload} framed as a packet and returns the first reply packet that is not a stop notice. */
    Optional<String> request(String payload, long timeoutMillis) throws IOException {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.US_ASCII)) {
            sum = (sum + (b & 0xFF)) & 0xFF;
        }
        channel.write(ByteBuffer.wrap("$%s#%02x".formatted(payload, sum).getBytes(StandardCharsets.US_ASCII)));
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Optional<String> packet = nextPacket();
            if (packet.isPresent()) {
                if (payload.equals("?") || !packet.get().startsWith("T")) {
                    return packet;
                }
                continue;
            }
            if (closedByPeer) {
                throw new IOException("connection closed by the probe");
            }
            selector.select(Math.max(1, deadline - System.currentTimeMillis()));
            readAvailable();
        }
        return Optional.empty();
    }

    boolean closedByPeer() {
        readAvailable();
        return closedByPeer;
    }

    private void readAvailable() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            int n;
            while ((n = channel.read(buffer)) > 0) {
                pending.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                buffer.clear();
            }
            if (n < 0) {
                closedByPeer = true;
            }
        } catch (IOException reset) {
            // a reset is the peer going away too: the probe hung up with data still in flight
            closedByPeer = true;
        }
    }

    private Optional<String> nextPacket() throws IOException {
        int start = pending.indexOf("$");
        int hash = start < 0 ? -1 : pending.indexOf("#", start);
        if (hash < 0 || pending.length() < hash + 3) {
            return Optional.empty();
        }
        String payload = pending.substring(start + 1, hash);
        pending.delete(0, hash + 3);
        channel.write(ByteBuffer.wrap(new byte[] {'+'}));
        return Optional.of(payload);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
