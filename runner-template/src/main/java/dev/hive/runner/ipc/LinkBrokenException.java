package dev.hive.runner.ipc;

import java.io.IOException;

/** The conversation with the monitor is over: it closed the socket, broke the protocol or stopped answering. */
public final class LinkBrokenException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean protocolError;

    public LinkBrokenException(String message) {
        this(message, null, false);
    }

    public LinkBrokenException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private LinkBrokenException(String message, Throwable cause, boolean protocolError) {
        super(message, cause);
        this.protocolError = protocolError;
    }

    /** The monitor sent something the protocol does not allow. */
    public static LinkBrokenException protocol(String message, Throwable cause) {
        return new LinkBrokenException("protocol error from the monitor: " + message, cause, true);
    }

    /** Whether the monitor broke the protocol (rather than going away). */
    public boolean isProtocolError() {
        return protocolError;
    }
}
