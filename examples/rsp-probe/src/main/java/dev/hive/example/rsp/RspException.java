package dev.hive.example.rsp;

import java.io.IOException;

/**
 * Base class of all failures of this library. Subclasses say what went wrong in a way a test rack
 * can act on: {@link RspTimeoutException} (the peer did not answer in time), {@link
 * RspConnectionLostException} (the connection is gone), {@link RspErrorReplyException} (the stub
 * answered {@code Enn}), {@link RspUnsupportedException} (the stub answered with an empty packet)
 * and {@link RspProtocolException} (the exchange broke the protocol).
 */
public class RspException extends IOException {
    private static final long serialVersionUID = 1L;

    public RspException(String message) {
        super(message);
    }

    public RspException(String message, Throwable cause) {
        super(message, cause);
    }
}
