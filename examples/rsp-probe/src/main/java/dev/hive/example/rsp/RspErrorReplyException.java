package dev.hive.example.rsp;

/** The stub answered a request with an error packet, {@code Enn} or {@code E.text}. */
public class RspErrorReplyException extends RspException {
    private static final long serialVersionUID = 1L;

    private final String request;
    private final String reply;

    public RspErrorReplyException(String request, String reply) {
        super("stub answered '" + reply + "' to '" + RspPackets.abbreviate(request) + "'");
        this.request = request;
        this.reply = reply;
    }

    /** The payload that was sent. */
    public String request() {
        return request;
    }

    /** The error reply, for example {@code E22}. */
    public String reply() {
        return reply;
    }

    /** The error number of an {@code Enn} reply, or -1 for a textual {@code E.} reply. */
    public int errorCode() {
        if (reply.length() == 3) {
            try {
                return Integer.parseInt(reply.substring(1), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether a payload is an error reply: {@code E} plus two hex digits, or {@code E.text}. */
    public static boolean isErrorReply(String payload) {
        if (payload.startsWith("E.")) {
            return true;
        }
        return payload.length() == 3
                && payload.charAt(0) == 'E'
                && Character.digit(payload.charAt(1), 16) >= 0
                && Character.digit(payload.charAt(2), 16) >= 0;
    }
}
