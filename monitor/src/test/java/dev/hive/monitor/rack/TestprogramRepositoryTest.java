package dev.hive.monitor.rack;

import static dev.hive.monitor.db.generated.Tables.TESTPROGRAM_BUILDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import dev.hive.rack.testprogram.BuildStatus;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestprogramRepositoryTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    TestprogramRepository programs;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), clock);
        programs = new TestprogramRepository(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            out.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void theBuiltInIsSeededWithTheShippedFilesAndActive() {
        assertThat(programs.active()).isEmpty();
        Testprogram seeded = programs.seedBuiltin();
        assertThat(seeded.name()).isEqualTo("default");
        assertThat(seeded.builtIn()).isTrue();
        assertThat(seeded.active()).isTrue();
        assertThat(programs.active()).contains(seeded);

        TestprogramSource source = programs.sources(seeded.id()).orElseThrow();
        Map<String, byte[]> shipped = BuiltinTestprograms.defaultFiles();
        assertThat(source.name()).isEqualTo("default");
        assertThat(source.files().keySet()).containsExactlyInAnyOrderElementsOf(shipped.keySet());
        shipped.forEach(
                (path, bytes) -> assertThat(source.files().get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void seedingAgainChangesNothingButTheShippedFiles() {
        Testprogram first = programs.seedBuiltin(files("hive_test.c", "int v1;", "arm/startup.S", "@ v1"));
        Testprogram again = programs.seedBuiltin(files("hive_test.c", "int v2;"));
        assertThat(again).isEqualTo(first);
        assertThat(programs.list()).containsExactly(first);
        assertThat(programs.sources(first.id()).orElseThrow().files())
                .containsOnlyKeys("hive_test.c")
                .hasEntrySatisfying("hive_test.c", b -> assertThat(new String(b, StandardCharsets.UTF_8))
                        .isEqualTo("int v2;"));
    }

    @Test
    void seedingLeavesAnotherActiveTestprogramActive() {
        programs.seedBuiltin(files("a.c", "1"));
        Testprogram mine = programs.create(new TestprogramSource("mine", files("main.c", "int x;")));
        assertThat(mine.active()).isFalse();
        assertThat(mine.builtIn()).isFalse();
        programs.activate(mine.id());
        db.close();
        db = Database.open(dir.resolve("hive.db"), clock);
        programs = new TestprogramRepository(db, clock);

        Testprogram builtin = programs.seedBuiltin(files("a.c", "1"));
        assertThat(builtin.active()).isFalse();
        assertThat(programs.active()).map(Testprogram::name).contains("mine");
        programs.activate(builtin.id());
        assertThat(programs.list())
                .extracting(Testprogram::name, Testprogram::active)
                .containsExactly(tuple("default", true), tuple("mine", false));
        assertThatThrownBy(() -> programs.activate(999)).hasMessageContaining("no testprogram with id 999");
        assertThat(programs.active()).map(Testprogram::name).contains("default");
    }

    @Test
    void namesAreUniqueAndSourcesAreText() {
        programs.seedBuiltin(files("a.c", "1"));
        assertThatThrownBy(() -> programs.create(new TestprogramSource("default", files("a.c", "2"))))
                .hasMessageContaining("a testprogram named 'default' already exists");
        assertThatThrownBy(() -> programs.create(
                        new TestprogramSource("bin", Map.of("blob.bin", new byte[] {(byte) 0xff, 0x00}))))
                .hasMessageContaining("testprogram bin: file 'blob.bin' is not UTF-8 text");
        assertThat(programs.findByName("bin")).isEmpty();
        assertThat(programs.sources(12345)).isEmpty();
    }

    @Test
    void buildsAreRecordedNewestFirstAndBounded() {
        long id = programs.seedBuiltin(files("a.c", "1")).id();
        assertThat(programs.latestBuild(id)).isEmpty();
        long first = programs.recordBuild(id, 0x8000_0000_0000_0001L, BuildStatus.COMPILE_FAILURE, "a.c:1: error");
        clock.advance(Duration.ofMinutes(1));
        long second = programs.recordBuild(id, 42, BuildStatus.OK, "");
        RecordedBuild latest = programs.latestBuild(id).orElseThrow();
        assertThat(latest)
                .isEqualTo(
                        new RecordedBuild(second, id, 42, BuildStatus.OK, "", Instant.parse("2026-01-01T00:01:00Z")));
        assertThat(second).isNotEqualTo(first);
        String storedUid = db.read(d -> d.select(TESTPROGRAM_BUILDS.UID)
                .from(TESTPROGRAM_BUILDS)
                .where(TESTPROGRAM_BUILDS.ID.eq(first))
                .fetchSingle(TESTPROGRAM_BUILDS.UID));
        assertThat(storedUid).as("as HIVE_UID is spelled").isEqualTo("8000000000000001");

        for (int i = 0; i < TestprogramRepository.KEPT_BUILDS + 5; i++) {
            programs.recordBuild(id, i, BuildStatus.OK, "");
        }
        int kept = db.read(d -> d.fetchCount(TESTPROGRAM_BUILDS));
        assertThat(kept).isEqualTo(TestprogramRepository.KEPT_BUILDS);
        assertThat(programs.latestBuild(id).orElseThrow().uid()).isEqualTo(TestprogramRepository.KEPT_BUILDS + 4);
    }
}
