package dev.hive.monitor.web.graphql;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A Reactive Streams publisher fed by events: {@link #offer} items, {@link #complete} at the end. It serves
 * one subscriber, honours its demand, and keeps at most {@code capacity} undelivered items (the oldest are
 * dropped: a slow client misses intermediate states, never the latest). {@code onClose} runs once when the
 * subscriber cancels or the feed completes, to stop listening to the source.
 */
final class Feed<T> implements Publisher<T> {

    private final int capacity;
    private final Queue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onClose = () -> {};
    private volatile Subscriber<? super T> subscriber;
    private volatile boolean done;
    private volatile boolean cancelled;
    private boolean terminated; // guarded by the drain loop

    Feed(int capacity) {
        this.capacity = capacity;
    }

    /** What to run when the feed ends (cancelled or completed). */
    Feed<T> onClose(Runnable action) {
        this.onClose = action;
        if (closed.get()) {
            action.run();
        }
        return this;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        if (!subscribed.compareAndSet(false, true)) {
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            s.onError(new IllegalStateException("this feed serves one subscriber"));
            return;
        }
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancel();
                    return;
                }
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                drain();
            }

            @Override
            public void cancel() {
                cancelled = true;
                items.clear();
                close();
            }
        });
        subscriber = s;
        drain();
    }

    void offer(T item) {
        if (done || cancelled) {
            return;
        }
        while (items.size() >= capacity) {
            items.poll();
        }
        items.add(item);
        drain();
    }

    void complete() {
        done = true;
        drain();
    }

    boolean open() {
        return !done && !cancelled;
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            Subscriber<? super T> s = subscriber;
            if (s != null && !cancelled && !terminated) {
                T item;
                while (demand.get() > 0 && (item = items.poll()) != null) {
                    demand.decrementAndGet();
                    s.onNext(item);
                }
                if (done && items.isEmpty()) {
                    terminated = true;
                    s.onComplete();
                    close();
                }
            }
        } while (wip.decrementAndGet() != 0);
    }
}
