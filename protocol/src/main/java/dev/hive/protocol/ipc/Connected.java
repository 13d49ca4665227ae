package dev.hive.protocol.ipc;

import dev.hive.protocol.wire.Required;

/**
 * The monitor's answer to a {@link Connect} or a {@link Disconnect}.
 *
 * @param requestId the request id of the request it answers
 * @param ok whether the bus was switched
 * @param error why not, required when {@code ok} is false; null when {@code ok} is true
 */
public record Connected(@Required long requestId, @Required boolean ok, String error) implements IpcMessage {

    public Connected {
        if (!ok && error == null) {
            throw new IllegalArgumentException("error is required when ok is false");
        }
        if (ok && error != null) {
            throw new IllegalArgumentException("error must be null when ok is true");
        }
    }

    /** The bus was switched. */
    public static Connected success(long requestId) {
        return new Connected(requestId, true, null);
    }

    /** The bus was not switched, because of {@code error}. */
    public static Connected failure(long requestId, String error) {
        return new Connected(requestId, false, error);
    }
}
