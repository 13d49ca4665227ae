package dev.hive.example.rsp;

/**
 * The connection ended: the peer closed it (end of stream, for example because QEMU exited or the
 * probe was unplugged), writing failed, or the session was closed locally while a call was waiting.
 * Distinct from {@link RspTimeoutException}: a lost connection never comes back, the session is
 * unusable afterwards.
 */
public class RspConnectionLostException extends RspException {
    private static final long serialVersionUID = 1L;

    public RspConnectionLostException(String message) {
        super(message);
    }

    public RspConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
