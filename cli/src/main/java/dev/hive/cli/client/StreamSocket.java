package dev.hive.cli.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The client side of one RFC 6455 WebSocket on a blocking socket, for a lease's byte stream ({@code hive gdb}, {@code
 * hive console}): binary payloads in, binary frames out, nothing between the socket and the caller's thread.
 *
 * <p>{@link #read} gives the payload bytes of the monitor's binary frames as they arrive (a frame's payload may come
 * in several reads, continuation frames are part of the same stream, text frames are skipped); it answers pings with
 * pongs and, at the monitor's close frame, answers it and returns -1 ({@link #closeFrame()} then holds its code and
 * reason). {@link #send} writes one masked binary frame; a blocking write is the back-pressure. One thread reads, any
 * thread may send (frames never interleave). {@link WebSocketHandshake} opens it.
 */
public final class StreamSocket implements Closeable {

    /** Normal closure. */
    public static final int NORMAL = 1000;

    static final int PROTOCOL_ERROR = 1002;
    private static final int NO_STATUS = 1005;
    private static final int MAX_CONTROL = 125;

    /** A close frame: its status code (1005 when it had none) and reason. */
    public record Close(int code, String reason) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom masks = new SecureRandom();
    private final Object writing = new Object();

    // the read side, used by the reading thread only
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private long payloadLeft;
    private boolean binary;
    private boolean inMessage;
    private volatile Close closeFrame;

    // the write side, guarded by writing
    private byte[] frame = new byte[14 + 16 * 1024];
    private final byte[] mask = new byte[4];
    private volatile boolean outputClosed;

    /** A socket after a successful handshake; {@code leftover} are bytes the handshake read past its end. */
    StreamSocket(Socket socket, byte[] leftover, int leftoverLength) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        System.arraycopy(leftover, 0, buffer, 0, leftoverLength);
        this.limit = leftoverLength;
    }

    /**
     * Up to {@code length} payload bytes of the monitor's binary frames, at least one (blocking until some come);
     * -1 once the monitor's close frame has come (answered with a close frame of the same code).
     */
    public int read(byte[] into, int offset, int length) throws IOException {
        while (payloadLeft == 0 || !binary) {
            if (payloadLeft > 0) {
                skipPayload();
                continue;
            }
            if (closeFrame != null || !nextFrame()) {
                return -1;
            }
        }
        if (position == limit) {
            fillSome();
        }
        int n = (int) Math.min(Math.min(length, limit - position), payloadLeft);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        payloadLeft -= n;
        return n;
    }

    /** The monitor's close frame, once {@link #read} has returned -1 because of it. */
    public Optional<Close> closeFrame() {
        return Optional.ofNullable(closeFrame);
    }

    /** Sends {@code length} bytes from {@code bytes} as one binary frame. */
    public void send(byte[] bytes, int offset, int length) throws IOException {
        synchronized (writing) {
            if (outputClosed) {
                throw new IOException("the stream is closed");
            }
            write(0x2, bytes, offset, length);
        }
    }

    /** Whether this side has sent its close frame (or the connection is gone). */
    public boolean isOutputClosed() {
        return outputClosed;
    }

    /** Sends a close frame with {@code code} and {@code reason}, unless one was sent; answers whether it sent it. */
    public boolean sendClose(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, MAX_CONTROL - 2);
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, n);
        return sendClose(payload);
    }

    private boolean sendClose(byte[] payload) {
        synchronized (writing) {
            if (outputClosed) {
                return false;
            }
            outputClosed = true;
            try {
                write(0x8, payload, 0, payload.length);
                return true;
            } catch (IOException gone) {
                return false; // the connection is gone: nothing to close politely
            }
        }
    }

    /** Closes the connection (after a close frame if none was sent). */
    @Override
    public void close() {
        sendClose(NORMAL, "");
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Reads the next frame's header; handles control frames whole. False at the monitor's close frame. */
    private boolean nextFrame() throws IOException {
        fill(2);
        int b0 = buffer[position] & 0xff;
        int b1 = buffer[position + 1] & 0xff;
        position += 2;
        int opcode = b0 & 0x0f;
        boolean fin = (b0 & 0x80) != 0;
        long length = b1 & 0x7f;
        if ((b0 & 0x70) != 0) {
            throw protocolError("the monitor sent a frame with reserved bits set");
        }
        if ((b1 & 0x80) != 0) {
            throw protocolError("the monitor sent a masked frame");
        }
        if (length == 126) {
            fill(2);
            length = ((buffer[position] & 0xff) << 8) | (buffer[position + 1] & 0xff);
            position += 2;
        } else if (length == 127) {
            fill(8);
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (buffer[position + i] & 0xff);
            }
            position += 8;
            if (length < 0) {
                throw protocolError("the monitor sent a frame longer than 2^63 bytes");
            }
        }
        if (opcode >= 0x8) {
            return control(opcode, fin, (int) Math.min(length, Integer.MAX_VALUE));
        }
        if (opcode == 0x0) {
            if (!inMessage) {
                throw protocolError("the monitor sent a continuation frame outside a message");
            }
        } else if (opcode == 0x1 || opcode == 0x2) {
            if (inMessage) {
                throw protocolError("the monitor began a message inside another");
            }
            binary = opcode == 0x2;
        } else {
            throw protocolError("the monitor sent a frame of unknown opcode " + opcode);
        }
        inMessage = !fin;
        payloadLeft = length;
        return true;
    }

    /** A ping (answered), a pong (ignored) or the close frame (answered; then false). */
    private boolean control(int opcode, boolean fin, int length) throws IOException {
        if (!fin || length > MAX_CONTROL) {
            throw protocolError("the monitor sent a fragmented or too long control frame");
        }
        fill(length);
        byte[] payload = new byte[length];
        System.arraycopy(buffer, position, payload, 0, length);
        position += length;
        switch (opcode) {
            case 0x8 -> {
                if (length == 1) {
                    throw protocolError("the monitor sent a close frame of one byte");
                }
                int code = length == 0 ? NO_STATUS : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                String reason = length <= 2 ? "" : new String(payload, 2, length - 2, StandardCharsets.UTF_8);
                closeFrame = new Close(code, reason);
                sendClose(length == 0 ? new byte[0] : new byte[] {payload[0], payload[1]});
                return false;
            }
            case 0x9 -> {
                synchronized (writing) {
                    if (!outputClosed) {
                        write(0xA, payload, 0, length);
                    }
                }
                return true;
            }
            case 0xA -> {
                return true;
            }
            default -> throw protocolError("the monitor sent a frame of unknown opcode " + opcode);
        }
    }

    private void skipPayload() throws IOException {
        if (position == limit) {
            fillSome();
        }
        int n = (int) Math.min(limit - position, payloadLeft);
        position += n;
        payloadLeft -= n;
    }

    private IOException protocolError(String message) {
        sendClose(PROTOCOL_ERROR, message);
        return new IOException(message);
    }

    /** Makes {@code n} bytes (at most the buffer's size) available from {@code position}. */
    private void fill(int n) throws IOException {
        if (limit - position >= n) {
            return;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < n) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new IOException("the monitor closed the connection without a close frame");
            }
            limit += read;
        }
    }

    /** Reads what the socket has (at least one byte) into the empty buffer. */
    private void fillSome() throws IOException {
        position = 0;
        limit = 0;
        fill(1);
    }

    /** Writes one masked frame; the caller holds {@code writing}. */
    private void write(int opcode, byte[] payload, int offset, int length) throws IOException {
        int header = 2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4;
        if (frame.length < header + length) {
            frame = new byte[header + length];
        }
        int at = 0;
        frame[at++] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[at++] = (byte) (0x80 | length);
        } else if (length < 65536) {
            frame[at++] = (byte) (0x80 | 126);
            frame[at++] = (byte) (length >>> 8);
            frame[at++] = (byte) length;
        } else {
            frame[at++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) length >>> shift);
            }
        }
        masks.nextBytes(mask);
        System.arraycopy(mask, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[offset + i] ^ mask[i & 3]);
        }
        try {
            out.write(frame, 0, at + length);
        } catch (IOException e) {
            outputClosed = true;
            throw e;
        }
    }
}
