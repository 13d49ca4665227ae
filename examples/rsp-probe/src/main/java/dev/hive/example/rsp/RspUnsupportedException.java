package dev.hive.example.rsp;

/** The stub answered with an empty packet: it does not support the request. */
public class RspUnsupportedException extends RspException {
    private static final long serialVersionUID = 1L;

    private final String request;

    public RspUnsupportedException(String request) {
        super("stub does not support '" + RspPackets.abbreviate(request) + "' (empty reply)");
        this.request = request;
    }

    /** The payload that was sent. */
    public String request() {
        return request;
    }
}
