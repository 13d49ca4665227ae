package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.HealthChange;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target health on a real monitor and virtual rack (docs/health.md). */
class HealthIT {
    static final SlotAddress ARM = new SlotAddress(0, 0); // lm3s6965evb
    static final SlotAddress RISCV = new SlotAddress(0, 1); // sifive_e

    @TempDir
    static Path dir;

    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, "");
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @AfterEach
    void backToGood() {
        for (SlotAddress slot : List.of(ARM, RISCV)) {
            live.monitor
                    .health()
                    .set(
                            slot,
                            Health.GOOD,
                            HealthChange.Kind.SET,
                            "it",
                            "reset by the test",
                            Optional.empty(),
                            Optional.empty());
        }
    }

    @Test
    void theTestsOfATargetThatIsNotUsableAreSkippedWithTheReasonAndTheOthersRun() throws Exception {
        live.monitor
                .health()
                .set(
                        ARM,
                        Health.MAINTENANCE,
                        HealthChange.Kind.SET,
                        "alice",
                        "replacing its cable",
                        Optional.empty(),
                        Optional.empty());

        RunStream stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);

        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        List<TestFinished> arm = stream.all(TestFinished.class).stream()
                .filter(f -> f.result().cell().target().equals("lm3s6965evb"))
                .toList();
        List<TestFinished> riscv = stream.all(TestFinished.class).stream()
                .filter(f -> f.result().cell().target().equals("sifive_e"))
                .toList();
        assertThat(arm)
                .as("every test on both channels, never silently missing")
                .isNotEmpty();
        assertThat(arm).hasSameSizeAs(riscv);
        assertThat(arm).allSatisfy(f -> {
            assertThat(f.result().status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(f.result().message())
                    .contains("target lm3s6965evb in slot 0/0 is MAINTENANCE since")
                    .contains("alice")
                    .endsWith(": replacing its cable");
        });
        assertThat(riscv).extracting(f -> f.result().status()).contains(TestStatus.PASSED);
        assertThat(ended.summary().errors()).isZero();
        assertThat(ended.summary().failed()).isZero();
    }
}
