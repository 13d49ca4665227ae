package dev.hive.example.rsp;

import java.time.Duration;

/**
 * The peer did not answer within the timeout. The connection is still open; the target may be
 * running, hung or slow. The message names what was sent, for example {@code no reply to
 * 'm20000000,4' within 2000 ms from unix:/tmp/board.gdb}.
 */
public class RspTimeoutException extends RspException {
    private static final long serialVersionUID = 1L;

    private final String request;
    private final Duration timeout;

    public RspTimeoutException(String message, String request, Duration timeout) {
        super(message);
        this.request = request;
        this.timeout = timeout;
    }

    /** What was sent last (a packet payload, {@code \x03}, or {@code connect}). */
    public String request() {
        return request;
    }

    /** The timeout that expired. */
    public Duration timeout() {
        return timeout;
    }
}
