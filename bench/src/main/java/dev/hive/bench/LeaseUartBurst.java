package dev.hive.bench;

import dev.hive.cli.client.StreamSocket;
import dev.hive.cli.client.WebSocketHandshake;
import dev.hive.testprograms.UartBurst;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A UART burst through a lease's UART stream (issue 15): asks the built-in testprogram for {@code burst N} over the
 * monitor's WebSocket and checks that all N bytes arrive, in order, with the target's sum. The stream is read as
 * {@code hive console} reads it: the CLI's own blocking WebSocket client ({@link StreamSocket}), on this thread
 * (back-pressure up to the target).
 */
final class LeaseUartBurst {

    /** What one burst gave. */
    record Result(int bytes, double seconds) {
        double mibPerSecond() {
            return bytes / (1024.0 * 1024.0) / seconds;
        }
    }

    private final UartBurst burst;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean inBurst;
    private boolean afterBurst;
    private String sumLine;

    private LeaseUartBurst(int bytes) {
        this.burst = new UartBurst(bytes);
    }

    /** Runs one burst of {@code bytes} through the stream at {@code path} (with its ticket); fails on any loss. */
    static Result run(MonitorProcess monitor, String path, int bytes) throws Exception {
        var reader = new LeaseUartBurst(bytes);
        try (StreamSocket ws = WebSocketHandshake.open(
                URI.create(monitor.base + path), "Bearer " + monitor.token, null, true, Duration.ofSeconds(10))) {
            // a burst that stalls ends the read when the socket is closed under it
            CompletableFuture<Void> watchdog =
                    CompletableFuture.runAsync(ws::close, CompletableFuture.delayedExecutor(5, TimeUnit.MINUTES));
            long start = System.nanoTime();
            byte[] command = reader.burst.command().getBytes(StandardCharsets.US_ASCII);
            ws.send(command, 0, command.length);
            byte[] buffer = new byte[16 * 1024];
            try {
                while (reader.sumLine == null) {
                    int n = ws.read(buffer, 0, buffer.length);
                    if (n < 0) {
                        throw new IOException("the UART stream closed ("
                                + ws.closeFrame()
                                        .map(c -> c.code() + " " + c.reason())
                                        .orElse("") + ") after "
                                + reader.burst.received() + " burst bytes");
                    }
                    reader.accept(buffer, n);
                }
            } catch (IOException e) {
                if (watchdog.isDone()) {
                    throw new IOException("the burst did not end in 5 min: " + reader.burst.received() + " of " + bytes
                            + " bytes came");
                }
                throw e;
            }
            long end = System.nanoTime();
            watchdog.cancel(false);
            reader.check();
            return new Result(bytes, (end - start) / 1e9);
        }
    }

    private void accept(byte[] bytes, int length) {
        int i = 0;
        while (i < length && sumLine == null) {
            if (inBurst) {
                i += burst.accept(bytes, i, length - i);
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
                sumLine = text;
            } // else: a line from before the burst (the stream's ring replay)
        }
    }

    private void check() throws IOException {
        if (!burst.problem().isEmpty()) {
            throw new IOException(burst.problem());
        }
        if (!sumLine.equals(burst.expectedSumLine())) {
            throw new IOException(
                    "the target's sum line is '" + sumLine + "', expected '" + burst.expectedSumLine() + "'");
        }
    }
}
