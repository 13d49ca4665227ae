package dev.hive.bench;

import dev.hive.testprograms.UartBurst;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A UART burst through a lease's UART stream (issue 15): asks the built-in testprogram for {@code burst N} over the
 * monitor's WebSocket and checks that all N bytes arrive, in order, with the target's sum. Frames are taken on the
 * JDK client's selector thread, as {@code hive console} does, one at a time ({@code request(1)}: back-pressure up to
 * the target).
 */
final class LeaseUartBurst implements WebSocket.Listener {

    /** What one burst gave. */
    record Result(int bytes, double seconds) {
        double mibPerSecond() {
            return bytes / (1024.0 * 1024.0) / seconds;
        }
    }

    private final UartBurst burst;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private boolean inBurst;
    private boolean afterBurst;

    private LeaseUartBurst(int bytes) {
        this.burst = new UartBurst(bytes);
    }

    /** Runs one burst of {@code bytes} through the stream at {@code path} (with its ticket); fails on any loss. */
    static Result run(HttpClient http, MonitorProcess monitor, String path, int bytes) throws Exception {
        var listener = new LeaseUartBurst(bytes);
        WebSocket ws = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + monitor.token)
                .buildAsync(URI.create(monitor.base.replace("http", "ws") + path), listener)
                .join();
        try {
            long start = System.nanoTime();
            ws.sendBinary(ByteBuffer.wrap(listener.burst.command().getBytes(StandardCharsets.US_ASCII)), true)
                    .join();
            long end;
            try {
                end = listener.done.get(5, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                throw new IOException("the burst did not end in 5 min: " + listener.burst.received() + " of " + bytes
                        + " bytes came");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
            return new Result(bytes, (end - start) / 1e9);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        int i = 0;
        while (i < bytes.length && !done.isDone()) {
            if (inBurst) {
                i += burst.accept(bytes, i, bytes.length - i);
                if (burst.complete()) {
                    inBurst = false;
                    afterBurst = true;
                }
                continue;
            }
            byte b = bytes[i++];
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (!afterBurst && text.equals(burst.header())) {
                inBurst = true;
            } else if (afterBurst) {
                finish(text);
            } // else: a line from before the burst (the stream's ring replay)
        }
        webSocket.request(1);
        return null;
    }

    private void finish(String sumLine) {
        long now = System.nanoTime();
        if (!burst.problem().isEmpty()) {
            done.completeExceptionally(new IOException(burst.problem()));
        } else if (!sumLine.equals(burst.expectedSumLine())) {
            done.completeExceptionally(new IOException(
                    "the target's sum line is '" + sumLine + "', expected '" + burst.expectedSumLine() + "'"));
        } else {
            done.complete(now);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        done.completeExceptionally(new IOException("the UART stream closed (" + statusCode + " " + reason + ") after "
                + burst.received() + " burst bytes"));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        done.completeExceptionally(error);
    }
}
