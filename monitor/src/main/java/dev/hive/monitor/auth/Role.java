package dev.hive.monitor.auth;

/** What a web UI user may do. */
public enum Role {
    /** Everything, including users and tokens. */
    ADMIN,
    /** Rack and testprograms, not users. */
    MAINTAINER
}
