package dev.hive.cli.lease;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A lease stream's WebSocket joined to a byte stream: binary frames from the monitor are written to {@code out}
 * (the next frame is asked for only after the bytes are written: back-pressure), and what {@code in} gives is sent
 * as binary frames. {@link #closed()} completes when the monitor closes the WebSocket (with its reason) or the
 * connection fails.
 */
public final class StreamBridge implements WebSocket.Listener {

    private final OutputStream out;
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    public StreamBridge(OutputStream out) {
        this.out = out;
    }

    /** Completes with the close reason (e.g. {@code the lease has ended (expired)}). */
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        try {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "the local side closed");
            closed.complete("the local side closed: " + e.getMessage());
            return null;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(reason == null || reason.isBlank() ? "closed (" + statusCode + ")" : reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("the connection failed: " + error.getMessage());
    }

    /**
     * Sends what {@code in} gives until it ends, the socket closes or {@code stop} says so; answers when done.
     * Each read is one frame, sent before the next read (back-pressure towards {@code in}). The WebSocket is then
     * closed, except when {@code in} merely ended and {@code closeAtEnd} is false (a console whose input was a file
     * keeps showing the UART).
     */
    public void pump(InputStream in, WebSocket ws, java.util.function.IntPredicate stop) {
        pump(in, ws, stop, true);
    }

    /** As {@link #pump(InputStream, WebSocket, java.util.function.IntPredicate)}, see there. */
    public void pump(InputStream in, WebSocket ws, java.util.function.IntPredicate stop, boolean closeAtEnd) {
        boolean stopped = false;
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while (!closed.isDone() && (n = in.read(buffer)) >= 0) {
                int cut = n;
                for (int i = 0; i < n; i++) {
                    if (stop.test(buffer[i] & 0xff)) {
                        cut = i;
                        break;
                    }
                }
                if (cut > 0) {
                    ws.sendBinary(ByteBuffer.wrap(buffer, 0, cut).duplicate(), true)
                            .join();
                }
                if (cut < n) {
                    stopped = true;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            stopped = true; // the local side or the socket went away: close below
        }
        if ((stopped || closeAtEnd) && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "the client left").exceptionally(e -> null);
        }
    }
}
