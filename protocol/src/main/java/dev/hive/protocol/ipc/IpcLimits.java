package dev.hive.protocol.ipc;

/** The fixed numbers of the IPC protocol. */
public final class IpcLimits {

    /** The protocol version this code speaks; carried by {@code hello}, {@code welcome} and {@code refused}. */
    public static final int PROTOCOL_VERSION = 1;

    /** The longest line either side may send, in bytes of UTF-8, without its terminating {@code '\n'}: 1 MiB. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    /** The deepest nesting of JSON objects and arrays a line may have. The deepest message needs 8. */
    public static final int MAX_NESTING_DEPTH = 32;

    private IpcLimits() {}
}
