package dev.hive.example.rsp;

/**
 * The exchange broke the protocol: a packet was rejected ({@code -}) more often than the retry limit
 * allows, a reply could not be parsed, or a reply of the wrong kind arrived.
 */
public class RspProtocolException extends RspException {
    private static final long serialVersionUID = 1L;

    public RspProtocolException(String message) {
        super(message);
    }

    public RspProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
