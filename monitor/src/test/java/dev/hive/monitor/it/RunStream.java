package dev.hive.monitor.it;

import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.RunEventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A client of a run's WebSocket: every event it received, in order, and the close status. */
final class RunStream implements WebSocket.Listener {

    private static final RunEventCodec CODEC = new RunEventCodec();

    final List<RunEvent> events = new CopyOnWriteArrayList<>();
    /** The {@code seq} of each event in {@link #events}, in the same order. */
    final List<Long> seqs = new CopyOnWriteArrayList<>();

    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final List<Waiter> waiters = new ArrayList<>();
    private WebSocket socket;
    private boolean dropped;

    private record Waiter(Predicate<RunEvent> condition, CompletableFuture<RunEvent> future) {}

    /** Opens the socket; a refused upgrade throws with the status in its message. */
    static RunStream open(HttpClient http, URI uri, String token) {
        var stream = new RunStream();
        try {
            stream.socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(uri, stream)
                    .join();
        } catch (CompletionException e) {
            throw new IllegalStateException("WebSocket refused: " + e.getCause(), e.getCause());
        }
        return stream;
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (dropped) {
            return null; // frames still on their way when the test dropped the connection are lost, as on a network
        }
        partial.append(data);
        if (last) {
            var frame = CODEC.decodeFrame(partial.toString());
            RunEvent event = frame.event();
            partial.setLength(0);
            seqs.add(frame.seq());
            events.add(event);
            synchronized (waiters) {
                waiters.removeIf(w -> w.condition().test(event) && w.future().complete(event));
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The first event (received already or to come) that matches, waiting at most {@code limit}. */
    <T extends RunEvent> T await(Class<T> type, Predicate<T> condition, Duration limit) throws Exception {
        Predicate<RunEvent> matches = e -> type.isInstance(e) && condition.test(type.cast(e));
        var future = new CompletableFuture<RunEvent>();
        synchronized (waiters) {
            for (RunEvent e : events) {
                if (matches.test(e)) {
                    return type.cast(e);
                }
            }
            waiters.add(new Waiter(matches, future));
        }
        return type.cast(future.get(limit.toMillis(), TimeUnit.MILLISECONDS));
    }

    RunEnded awaitEnded(Duration limit) throws Exception {
        return await(RunEnded.class, e -> true, limit);
    }

    <T extends RunEvent> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Drops the connection without a close frame, as a network that fails. */
    synchronized void drop() {
        dropped = true;
        socket.abort();
    }

    /** Closes the socket from the client's side, as a client that leaves. */
    void leave() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
