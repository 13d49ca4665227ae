package dev.hive.cli.run;

import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.RunEventCodec;
import java.net.http.WebSocket;
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

    record Event(RunEvent event) implements Signal {}

    record Closed(int status, String reason) implements Signal {}

    record Failed(Throwable error) implements Signal {}

    private final RunEventCodec codec = new RunEventCodec();
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    /** The next signal, waiting up to {@code millis}; null if none came. */
    Signal next(long millis) throws InterruptedException {
        return signals.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            try {
                signals.add(new Event(codec.decode(frame)));
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
