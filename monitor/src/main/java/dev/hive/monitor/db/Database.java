package dev.hive.monitor.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;

/**
 * The monitor's SQLite database: one file, WAL journal, foreign keys on, a busy timeout. Opening it applies
 * pending migrations.
 *
 * <p>Threading: one JDBC connection, guarded by this object's lock; {@link #read} and {@link #write} may be
 * called from any thread and each runs to completion before the next starts ({@code write} inside one
 * transaction). The Vert.x monitor will call the writes from its single-threaded database executor; the
 * lock keeps the repositories correct for any other caller (tests, {@code init}).
 */
public final class Database implements AutoCloseable {
    /** How long SQLite waits for another process's lock before failing. */
    public static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Connection connection;
    private final DSLContext dsl;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.dsl = DSL.using(connection, SQLDialect.SQLITE);
    }

    /** Opens (creating if needed) the database file and applies the bundled migrations. */
    public static Database open(Path file, Clock clock) {
        return open(file, new Migrator(Migrator.bundled(), clock));
    }

    /** Opens the database file and applies the given migrator's migrations. */
    public static Database open(Path file, Migrator migrator) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new MigrationException("cannot create the directory for database " + file + ": " + e, e);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
            migrator.migrate(c, file.toString());
            return new Database(file, c);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof MigrationException m) {
                throw m;
            }
            throw new MigrationException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** Runs a read. */
    public synchronized <T> T read(Function<DSLContext, T> query) {
        return query.apply(dsl);
    }

    /** Runs a write inside one transaction; an exception rolls it back. */
    public synchronized <T> T write(Function<DSLContext, T> change) {
        return dsl.transactionResult(cfg -> change.apply(cfg.dsl()));
    }

    /** The journal mode SQLite reports ({@code wal} when open normally). */
    public String journalMode() {
        return read(d -> d.fetchValue("PRAGMA journal_mode").toString());
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after a failure; the original error is what matters
            }
        }
    }
}
