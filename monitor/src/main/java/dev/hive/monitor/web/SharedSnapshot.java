package dev.hive.monitor.web;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * An answer encoded once and sent to every client that asks within {@code maxAgeNanos} of its making. When it is
 * older, exactly one refresh runs on the file worker and every request that arrives meanwhile waits for that one,
 * instead of each starting its own: with 50 polling clients, the expiry of the snapshot used to queue up to 50
 * identical rack and database queries on the worker, and the requests behind them.
 */
final class SharedSnapshot {

    private record Snapshot(Buffer body, long atNanos) {}

    private final Executors executors;
    private final Callable<Buffer> encode;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private volatile Snapshot last;
    private final AtomicReference<Future<Buffer>> refreshing = new AtomicReference<>();
    private final AtomicLong refreshes = new AtomicLong();

    SharedSnapshot(Executors executors, Callable<Buffer> encode, long maxAgeNanos, LongSupplier nanoTime) {
        this.executors = executors;
        this.encode = encode;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoTime = nanoTime;
    }

    /** The answer made at most the maximum age ago: at once when there is one, else the one refresh's. */
    Future<Buffer> get() {
        Snapshot s = last;
        if (s != null && nanoTime.getAsLong() - s.atNanos() < maxAgeNanos) {
            return Future.succeededFuture(s.body());
        }
        Promise<Buffer> mine = Promise.promise();
        Future<Buffer> running = refreshing.compareAndExchange(null, mine.future());
        if (running != null) {
            return running; // another request's refresh: share it
        }
        s = last; // a refresh that ended between the first look and the exchange
        if (s != null && nanoTime.getAsLong() - s.atNanos() < maxAgeNanos) {
            refreshing.set(null);
            mine.complete(s.body());
            return mine.future();
        }
        refreshes.incrementAndGet();
        executors.file(() -> new Snapshot(encode.call(), nanoTime.getAsLong())).onComplete(ar -> {
            if (ar.succeeded()) {
                last = ar.result(); // before the exchange is cleared, so no later request misses it
            }
            refreshing.set(null);
            mine.handle(ar.map(Snapshot::body));
        });
        return mine.future();
    }

    /** How many refreshes were started so far (for tests: concurrent requests share one). */
    long refreshes() {
        return refreshes.get();
    }
}
