package dev.hive.monitor.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pending migrations in version order, each inside its own transaction, and records each in
 * {@code schema_version}. Refuses a database whose schema is newer than the newest migration it knows.
 * The migrations are listed in {@code db/migration/index.txt} (a test checks the list is complete).
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    static final String RESOURCE_DIR = "db/migration/";

    private final List<Migration> migrations;
    private final Clock clock;

    public Migrator(List<Migration> migrations, Clock clock) {
        this.migrations = migrations.stream()
                .sorted(Comparator.comparingInt(Migration::version))
                .toList();
        this.clock = clock;
        for (int i = 1; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() == this.migrations.get(i - 1).version()) {
                throw new MigrationException(
                        "two migrations have version " + this.migrations.get(i).version());
            }
        }
    }

    /** The migrations shipped on the class path. */
    public static List<Migration> bundled() {
        List<Migration> out = new ArrayList<>();
        for (String name : resource("index.txt").lines().map(String::strip).toList()) {
            if (!name.isEmpty() && !name.startsWith("#")) {
                out.add(Migration.of(name, resource(name)));
            }
        }
        return out;
    }

    /** The newest schema version this code knows. */
    public int latestVersion() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    /** Brings the schema up to date; returns the number of migrations applied. */
    public int migrate(Connection c, String where) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        }
        int current = currentVersion(c);
        if (current > latestVersion()) {
            throw new MigrationException("the database " + where + " has schema version " + current
                    + " but this monitor knows only up to version " + latestVersion()
                    + "; it was written by a newer monitor. Run that version, or restore a backup.");
        }
        int applied = 0;
        for (Migration m : migrations) {
            if (m.version() > current) {
                apply(c, m, where);
                applied++;
            }
        }
        return applied;
    }

    /** The highest recorded schema version, 0 for an empty database. */
    public static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private void apply(Connection c, Migration m, String where) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : m.statements()) {
                st.executeUpdate(sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setLong(3, clock.millis());
                ps.executeUpdate();
            }
            c.commit();
            LOG.info("applied migration V{} {} to {}", m.version(), m.description(), where);
        } catch (SQLException e) {
            c.rollback();
            throw new MigrationException(
                    "migration V" + m.version() + " (" + m.description() + ") failed on " + where + ": "
                            + e.getMessage(),
                    e);
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new MigrationException("migration resource " + RESOURCE_DIR + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationException("cannot read " + RESOURCE_DIR + name + ": " + e.getMessage(), e);
        }
    }
}
