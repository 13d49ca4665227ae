package dev.hive.cli.run;

import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.RunEventCodec;
import dev.hive.protocol.events.RunFrame;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The run's WebSocket as a queue of what happened on it: a decoded event, the close, or an error. Frames the codec
 * does not know are skipped (a newer monitor may send more).
 */
final class RunSocket implements WebSocket.Listener {

    /** Something that came off the socket. */
    sealed interface Signal permits Event, Closed, Failed {}

    /** An event and its number within the run ({@code seq}; 0 from a monitor that does not number them). */
    record Event(RunEvent event, long seq) implements Signal {}

    record Closed(int status, String reason) implements Signal {}

    record Failed(Throwable error) implements Signal {}

    private static final byte[] PING = "hive".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final RunEventCodec codec = new RunEventCodec();
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile long lastHeardNanos = System.nanoTime();

    /** The next signal, waiting up to {@code millis}; null if none came. */
    Signal next(long millis) throws InterruptedException {
        return signals.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** How long ago anything (a frame, a ping, a pong) came from the monitor. */
    Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastHeardNanos);
    }

    /**
     * Pings the monitor. The JDK's WebSocket may not notice a connection whose peer went away without a close frame
     * (it sits in CLOSE-WAIT); a ping that cannot be written, or a pong that never comes, shows it.
     */
    void ping(WebSocket webSocket) {
        webSocket.sendPing(ByteBuffer.wrap(PING)).whenComplete((ws, e) -> {
            if (e != null) {
                signals.add(new Failed(e));
            }
        });
    }

    /** The monitor answered nothing for {@code silence}: the connection is as good as dropped. */
    void giveUp(Duration silence) {
        signals.add(
                new Failed(new java.io.IOException("no answer from the monitor for " + silence.toSeconds() + " s")));
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeardNanos = System.nanoTime();
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            try {
                RunFrame decoded = codec.decodeFrame(frame);
                signals.add(new Event(decoded.event(), decoded.seq()));
            } catch (IllegalArgumentException unknown) {
                // an event type this CLI does not know: skip it
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        signals.add(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        signals.add(new Failed(error));
    }
}
