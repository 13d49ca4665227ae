package dev.hive.cli.lease;

import dev.hive.cli.client.StreamSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.IntPredicate;

/**
 * A lease stream's WebSocket joined to a byte stream, one blocking thread per direction and no queue between:
 * {@link #copyTo} runs on the caller's thread and writes what the monitor sends straight to the local side (GDB's
 * socket, stdout) as it comes off the socket; {@link #pump} reads the local side and sends each read as one binary
 * frame. A local side that stops reading stops the reading of the WebSocket, and so the monitor's side (back-pressure).
 */
public final class StreamBridge {

    private final StreamSocket socket;

    public StreamBridge(StreamSocket socket) {
        this.socket = socket;
    }

    /**
     * Copies the monitor's bytes to {@code out} until the stream ends and answers why, as the user is told (the
     * monitor's close reason, e.g. {@code the lease has ended (expired)}). The connection is closed at the end.
     */
    public String copyTo(OutputStream out) {
        byte[] buffer = new byte[16 * 1024];
        try (socket) {
            int n;
            while ((n = socket.read(buffer, 0, buffer.length)) >= 0) {
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException e) {
                    socket.sendClose(StreamSocket.NORMAL, "the local side closed");
                    return "the local side closed: " + e.getMessage();
                }
            }
            StreamSocket.Close close = socket.closeFrame().orElseThrow();
            return close.reason().isBlank() ? "closed (" + close.code() + ")" : close.reason();
        } catch (IOException e) {
            return "the connection failed: " + e.getMessage();
        }
    }

    /**
     * Sends what {@code in} gives until it ends, the stream closes or {@code stop} says so. Each read is one frame,
     * sent before the next read (back-pressure towards {@code in}). The WebSocket is then closed, except when
     * {@code in} merely ended and {@code closeAtEnd} is false (a console whose input was a file keeps showing the
     * UART).
     */
    public void pump(InputStream in, IntPredicate stop, boolean closeAtEnd) {
        boolean stopped = false;
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while (!socket.isOutputClosed() && (n = in.read(buffer)) >= 0) {
                int cut = n;
                for (int i = 0; i < n; i++) {
                    if (stop.test(buffer[i] & 0xff)) {
                        cut = i;
                        break;
                    }
                }
                if (cut > 0) {
                    socket.send(buffer, 0, cut);
                }
                if (cut < n) {
                    stopped = true;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            stopped = true; // the local side or the socket went away: close below
        }
        if (stopped || closeAtEnd) {
            socket.sendClose(StreamSocket.NORMAL, "the client left");
        }
    }
}
