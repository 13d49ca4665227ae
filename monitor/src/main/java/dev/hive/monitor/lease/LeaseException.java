package dev.hive.monitor.lease;

/** A lease request that cannot be granted, with what the client should hear and why (the HTTP status). */
public final class LeaseException extends RuntimeException {

    /** Why a request was refused; the web layer maps each to a status. */
    public enum Kind {
        /** 400: the request itself is wrong (minutes out of bounds, extending past the cap). */
        INVALID,
        /** 404: no such target, channel or lease. */
        NOT_FOUND,
        /** 403: the lease is someone else's. */
        FORBIDDEN,
        /** 409: the target or channel is leased or in use by a run, or the lease has ended. */
        CONFLICT
    }

    private final Kind kind;

    public LeaseException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
