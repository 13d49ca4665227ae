package dev.hive.monitor.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthRepositoryTest {

    @TempDir
    Path dir;

    Database db;
    HealthRepository repository;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), Clock.systemUTC());
        repository = new HealthRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static HealthChange change(int slot, String target, Health to, Health from, String reason) {
        return new HealthChange(
                0,
                0,
                slot,
                target,
                to,
                from,
                HealthChange.Kind.SET,
                "admin",
                reason,
                Optional.empty(),
                Optional.empty(),
                Instant.parse("2026-12-07T01:00:00Z"));
    }

    @Test
    void aTargetThatNeverChangedHasNoHealthRow() {
        assertThat(repository.latest(0, 0, "lm3s6965evb")).isEmpty();
        assertThat(repository.history(0, 0, "lm3s6965evb", 10)).isEmpty();
    }

    @Test
    void theNewestChangeIsTheHealthAndTheHistoryIsNewestFirst() {
        repository.append(change(0, "lm3s6965evb", Health.MAINTENANCE, Health.UNKNOWN, "new cable"));
        repository.append(change(0, "lm3s6965evb", Health.GOOD, Health.MAINTENANCE, "cable fixed"));
        repository.append(change(1, "sifive_e", Health.BAD, Health.UNKNOWN, "other slot"));

        assertThat(repository.latest(0, 0, "lm3s6965evb").orElseThrow().health())
                .isEqualTo(Health.GOOD);
        assertThat(repository.history(0, 0, "lm3s6965evb", 10))
                .extracting(HealthChange::reason)
                .containsExactly("cable fixed", "new cable");
        assertThat(repository.history(0, 0, "lm3s6965evb", 1)).hasSize(1);
    }

    @Test
    void anotherTargetInTheSameSlotStartsWithoutHistory() {
        repository.append(change(0, "lm3s6965evb", Health.BAD, Health.UNKNOWN, "check failed"));

        assertThat(repository.latest(0, 0, "mps2-an385")).isEmpty();
    }

    @Test
    void aCheckKeepsItsOutputAndTheRunItCameFrom() {
        HealthChange stored = repository.append(new HealthChange(
                0,
                0,
                0,
                "lm3s6965evb",
                Health.BAD,
                Health.UNKNOWN,
                HealthChange.Kind.CHECK,
                "health-check",
                "HIVE_UID did not match",
                Optional.of("x".repeat(HealthRepository.MAX_OUTPUT_CHARS + 10)),
                Optional.of(42L),
                Instant.parse("2026-12-07T01:00:00Z")));

        HealthChange read = repository.latest(0, 0, "lm3s6965evb").orElseThrow();
        assertThat(read.id()).isEqualTo(stored.id()).isPositive();
        assertThat(read.kind()).isEqualTo(HealthChange.Kind.CHECK);
        assertThat(read.output().orElseThrow()).hasSize(HealthRepository.MAX_OUTPUT_CHARS);
        assertThat(read.runId()).contains(42L);
        assertThat(read.at()).isEqualTo(Instant.parse("2026-12-07T01:00:00Z"));
    }
}
