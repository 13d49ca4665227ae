package dev.hive.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A measuring tool for {@link LeaseBench}: a lease stream read with the least a WebSocket client can do (RFC 6455
 * framing on a blocking socket, on the caller's thread, no library), so that the bench can tell the monitor's share
 * of the tunnel from the JDK client's. It answers pings and fails on a close; it is not a general client.
 */
final class RawWebSocketLink implements LeaseBench.Link {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWebSocketLink(MonitorProcess monitor, String path) throws IOException {
        URI base = URI.create(monitor.base);
        socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nAuthorization: Bearer " + monitor.token + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("the monitor refused the WebSocket: "
                    + head.lines().findFirst().orElse(head));
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the monitor closed the connection during the handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void send(byte[] bytes) throws IOException {
        frame(0x2, bytes);
    }

    private void frame(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        byte[] frame = new byte[2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4 + n];
        int at = 0;
        frame[at++] = (byte) (0x80 | opcode);
        if (n < 126) {
            frame[at++] = (byte) (0x80 | n);
        } else if (n < 65536) {
            frame[at++] = (byte) (0x80 | 126);
            frame[at++] = (byte) (n >>> 8);
            frame[at++] = (byte) n;
        } else {
            frame[at++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) n >>> shift);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < n; i++) {
            frame[at + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(frame);
    }

    @Override
    public byte[] receive() throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long n = b1 & 0x7f;
            if (n == 126) {
                n = in.readUnsignedShort();
            } else if (n == 127) {
                n = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(n)];
            in.readFully(payload);
            switch (b0 & 0x0f) {
                case 0x0, 0x1, 0x2 -> {
                    return payload;
                }
                case 0x9 -> frame(0xA, payload);
                case 0x8 -> throw new IOException("the monitor closed the stream");
                default -> {} // a pong
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
