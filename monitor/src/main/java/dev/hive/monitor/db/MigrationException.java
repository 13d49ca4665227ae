package dev.hive.monitor.db;

/** The schema cannot be brought up to date: a migration failed, or the database is newer than this code. */
public final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
