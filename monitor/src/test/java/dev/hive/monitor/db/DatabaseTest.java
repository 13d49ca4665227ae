package dev.hive.monitor.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void opensInWalModeWithForeignKeysAndAllTables() {
        try (Database db = Database.open(dir.resolve("hive.db"), Clock.systemUTC())) {
            assertThat(db.journalMode()).isEqualToIgnoringCase("wal");
            assertThat(value(db, "PRAGMA foreign_keys")).isEqualTo("1");
            assertThat(value(db, "PRAGMA busy_timeout")).isEqualTo(String.valueOf(Database.BUSY_TIMEOUT_MS));
            List<String> tables =
                    db.read(d -> d.fetch("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                            .getValues(0, String.class));
            assertThat(tables)
                    .contains(
                            "users",
                            "sessions",
                            "api_tokens",
                            "probe_assignments",
                            "target_assignments",
                            "testprograms",
                            "testprogram_sources",
                            "testprogram_builds",
                            "runs",
                            "results",
                            "logs",
                            "schema_version");
        }
    }

    @Test
    void reopeningAppliesNothingAndKeepsData() {
        Path file = dir.resolve("hive.db");
        try (Database db = Database.open(file, Clock.systemUTC())) {
            db.write(d -> d.execute("INSERT INTO testprograms (name) VALUES ('default')"));
        }
        Migrator migrator = new Migrator(Migrator.bundled(), Clock.systemUTC());
        try (Database db = Database.open(file, migrator)) {
            assertThat(value(db, "SELECT COUNT(*) FROM schema_version"))
                    .isEqualTo(String.valueOf(migrator.latestVersion()));
            assertThat(value(db, "SELECT name FROM testprograms")).isEqualTo("default");
        }
    }

    @Test
    void refusesADatabaseNewerThanTheCode() {
        Path file = dir.resolve("hive.db");
        try (Database db = Database.open(file, Clock.systemUTC())) {
            db.write(d -> d.execute(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'future', 0)"));
        }
        assertThatThrownBy(() -> Database.open(file, Clock.systemUTC()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("schema version 999")
                .hasMessageContaining("knows only up to version "
                        + new Migrator(Migrator.bundled(), Clock.systemUTC()).latestVersion())
                .hasMessageContaining(file.toString());
    }

    @Test
    void aFailingMigrationIsRolledBackAndNamed() {
        Path file = dir.resolve("hive.db");
        List<Migration> broken = List.of(
                Migration.of("V1__ok.sql", "CREATE TABLE a (x INTEGER);\n"),
                Migration.of("V2__broken.sql", "CREATE TABLE b (y INTEGER);\nNOT SQL AT ALL;\n"));
        assertThatThrownBy(() -> Database.open(file, new Migrator(broken, Clock.systemUTC())))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2 (broken)");
        List<Migration> fixed = List.of(broken.get(0), Migration.of("V2__fixed.sql", "CREATE TABLE b (y INTEGER);\n"));
        try (Database db = Database.open(file, new Migrator(fixed, Clock.systemUTC()))) {
            assertThat(value(db, "SELECT MAX(version) FROM schema_version")).isEqualTo("2");
        }
    }

    @Test
    void statementsSplitAtLineEndSemicolonsAndDropComments() {
        Migration m = Migration.of("V3__x.sql", "-- c\nCREATE TABLE t (\n a TEXT DEFAULT ';'\n);\n-- d\nSELECT 1;");
        assertThat(m.statements()).containsExactly("CREATE TABLE t (\n a TEXT DEFAULT ';'\n)", "SELECT 1");
        assertThat(m.version()).isEqualTo(3);
        assertThatThrownBy(() -> Migration.of("initial.sql", "")).hasMessageContaining("V<version>__<name>.sql");
    }

    @Test
    void theIndexListsEveryMigrationFile() throws IOException {
        Path source = Path.of("src/main/resources/db/migration");
        List<String> files;
        try (Stream<Path> s = Files.list(source)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
        assertThat(Migrator.bundled())
                .extracting(m -> "V" + m.version() + "__" + m.description() + ".sql")
                .containsExactlyInAnyOrderElementsOf(files);
    }

    private static String value(Database db, String sql) {
        Object v = db.read(d -> d.fetchValue(sql));
        return String.valueOf(v);
    }
}
