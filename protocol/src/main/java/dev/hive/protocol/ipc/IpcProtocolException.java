package dev.hive.protocol.ipc;

import java.io.IOException;

/**
 * The peer sent something that is not the protocol: a line over {@link IpcLimits#MAX_LINE_BYTES}, a line
 * that is not UTF-8 or not a JSON object, an unknown message type, a missing or null required field, a field
 * of the wrong type or out of range, or a stream that ends in the middle of a line. The message names the
 * message type and the field where there is one; the cause, if any, is the parser's own exception.
 *
 * <p>It is a checked {@link IOException}: a broken peer ends the conversation exactly as a broken socket
 * does (the runner exits with code 3, the monitor fails the run), so code that handles one handles both,
 * and code that wants to say "protocol error" rather than "connection lost" catches this subclass first.
 * After it, a reader's stream is in an unknown place: close the conversation, do not try to resynchronise.
 */
public class IpcProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public IpcProtocolException(String message) {
        super(message);
    }

    public IpcProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
