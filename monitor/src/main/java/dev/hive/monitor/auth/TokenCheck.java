package dev.hive.monitor.auth;

import java.util.Optional;

/** The outcome of looking a presented token up. */
public record TokenCheck(Status status, Optional<ApiToken> token) {

    /** Whether a presented token may be used. */
    public enum Status {
        VALID,
        EXPIRED,
        REVOKED,
        UNKNOWN
    }

    public boolean valid() {
        return status == Status.VALID;
    }
}
