package dev.hive.monitor.task;

import java.time.Duration;

/** The run queue (or the book of pending tickets) is full; the client should try again later. */
public final class QueueFullException extends RuntimeException {

    private final Duration retryAfter;

    public QueueFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** A sensible wait before trying again, for the {@code Retry-After} header. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
