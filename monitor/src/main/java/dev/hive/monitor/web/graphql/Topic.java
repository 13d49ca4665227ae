package dev.hive.monitor.web.graphql;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Fan-out of one kind of event to whoever listens now; a listener that throws does not stop the others. */
final class Topic<T> {

    private final Set<Consumer<T>> listeners = ConcurrentHashMap.newKeySet();

    void publish(T event) {
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // a subscriber's failure ends its own feed, never the publisher
            }
        }
    }

    /** Listens until the returned handle is run. */
    Runnable listen(Consumer<T> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listeners() {
        return listeners.size();
    }
}
