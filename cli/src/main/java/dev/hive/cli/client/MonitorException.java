package dev.hive.cli.client;

/** The monitor answered with an HTTP error that the caller may handle (such as 409 on a run by hash). */
public final class MonitorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient MonitorError error;

    public MonitorException(MonitorError error, String what) {
        super(what + ": the monitor answered " + error.status() + ": " + error.message());
        this.error = error;
    }

    public MonitorError error() {
        return error;
    }
}
