package dev.hive.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front's shards in a real SQLite file with the migrations applied, read back as a reopened front sees them. */
class ShardRepositoryTest {
    @TempDir
    Path dir;

    final Instant t0 = Instant.parse("2026-12-07T08:00:00Z");
    final MutableClock clock = new MutableClock(t0);
    Database db;
    Run run;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("hive.db"), clock);
        run = new RunRepository(db, clock).createQueued("{}", "ab12", Optional.empty());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aShardHandedOverToASecondRackKeepsBothAttemptsTheFirstLostAndSurvivesReopening() {
        var shards = new ShardRepository(db, clock);
        shards.create(run.id(), List.of("sifive_e", "lm3s6965evb"), null);
        clock.advance(Duration.ofSeconds(1));
        shards.attemptStarted(run.id(), "lm3s6965evb", 1, "rack-a");
        clock.advance(Duration.ofSeconds(5));
        shards.attemptStarted(run.id(), "lm3s6965evb", 2, "rack-b");
        clock.advance(Duration.ofSeconds(3));
        shards.ended(run.id(), "lm3s6965evb", ShardState.FINISHED, null);

        db.close();
        db = Database.open(dir.resolve("hive.db"), clock);
        List<FleetShard> read = new ShardRepository(db, clock).forRun(run.id());

        assertThat(read).extracting(FleetShard::target).containsExactly("lm3s6965evb", "sifive_e");
        FleetShard handedOver = read.get(0);
        assertThat(handedOver.state()).isEqualTo(ShardState.FINISHED);
        assertThat(handedOver.pinnedRack()).isEmpty();
        assertThat(handedOver.attempts())
                .containsExactly(
                        new FleetShard.Attempt(
                                1,
                                "rack-a",
                                t0.plusSeconds(1),
                                Optional.of(t0.plusSeconds(6)),
                                Optional.of(ShardState.LOST)),
                        new FleetShard.Attempt(
                                2,
                                "rack-b",
                                t0.plusSeconds(6),
                                Optional.of(t0.plusSeconds(9)),
                                Optional.of(ShardState.FINISHED)));
        FleetShard waiting = read.get(1);
        assertThat(waiting.state()).isEqualTo(ShardState.QUEUED);
        assertThat(waiting.attempts()).isEmpty();
    }

    @Test
    void aPinnedShardWhoseRackIsLostEndsLostWithItsReasonAndAPlainRunHasNoShards() {
        var shards = new ShardRepository(db, clock);
        shards.create(run.id(), List.of("sifive_e"), "rack-a");
        shards.attemptStarted(run.id(), "sifive_e", 1, "rack-a");
        shards.ended(run.id(), "sifive_e", ShardState.LOST, "rack lost: rack-a stopped reporting");

        FleetShard shard = shards.forRun(run.id()).get(0);
        assertThat(shard.state()).isEqualTo(ShardState.LOST);
        assertThat(shard.pinnedRack()).contains("rack-a");
        assertThat(shard.error()).contains("rack lost: rack-a stopped reporting");
        assertThat(shard.attempts()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).contains(ShardState.LOST);
            assertThat(a.endedAt()).isPresent();
        });
        Run plain = new RunRepository(db, clock).createQueued("{}", "cd34", Optional.empty());
        assertThat(shards.forRun(plain.id())).isEmpty();
    }

    /**
     * What a restarted front reads to pick its runs up again: the fleet runs left running (a plain run left running
     * and a queued one are interrupted at the start, the fleet run stays running), and each shard's queue number,
     * newest attempt and last logged event, as stored before the restart.
     */
    @Test
    void aRestartedFrontFindsItsRunningFleetRunsWithEachShardsQueueNumberAttemptAndLastLoggedEvent() {
        var runs = new RunRepository(db, clock);
        var shards = new ShardRepository(db, clock);
        runs.transition(run.id(), RunState.RUNNING, Optional.empty());
        shards.create(run.id(), List.of("lm3s6965evb", "sifive_e"), null);
        shards.published(run.id(), "lm3s6965evb", 41);
        shards.published(run.id(), "sifive_e", 42);
        shards.attemptStarted(run.id(), "lm3s6965evb", 1, "rack-a");
        shards.attemptStarted(run.id(), "lm3s6965evb", 2, "rack-b");
        shards.logged(run.id(), "lm3s6965evb", 17);
        Run plainRunning = runs.createQueued("{}", "cd34", Optional.empty());
        runs.transition(plainRunning.id(), RunState.RUNNING, Optional.empty());
        Run queued = runs.createQueued("{}", "ef56", Optional.empty());

        db.close();
        db = Database.open(dir.resolve("hive.db"), clock);
        runs = new RunRepository(db, clock);
        shards = new ShardRepository(db, clock);
        List<Long> unended = shards.unended();
        assertThat(unended).containsExactly(run.id());
        assertThat(runs.interruptUnfinished(unended)).isEqualTo(2);

        assertThat(runs.find(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        assertThat(runs.find(plainRunning.id()).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(runs.find(queued.id()).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(shards.stored(run.id()))
                .containsExactly(
                        new ShardRepository.Stored("lm3s6965evb", null, ShardState.RUNNING, null, 41, 2, "rack-b", 17),
                        new ShardRepository.Stored("sifive_e", null, ShardState.QUEUED, null, 42, 0, null, 0));
        shards.ended(run.id(), "lm3s6965evb", ShardState.FINISHED, null);
        shards.ended(run.id(), "sifive_e", ShardState.FINISHED, null);
        runs.transition(run.id(), RunState.FINISHED, Optional.empty());
        assertThat(shards.unended()).isEmpty();
    }
}
