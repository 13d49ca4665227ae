package dev.hive.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Probe and target filters, include and exclude, give exactly the cells they name; nothing else is touched. */
@ExtendWith(SharedRack.class)
class FilterIT {

    private static RunRecord run(VirtualRack rack, Path dir, Filter probes, Filter targets) throws Exception {
        var monitor = new TestMonitor(dir);
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        monitor.options = new RunOptions(probes, targets, 10_000, 300_000);
        RunRecord run = monitor.run(Duration.ofMinutes(1));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.finished()).isPresent();
        assertThat(run.matrix().values()).allSatisfy(tests -> assertThat(tests).hasSize(SampleSuite.RESULTS_PER_CELL));
        return run;
    }

    @Test
    void includeFiltersTakeOnlyWhatTheyName(VirtualRack rack, @TempDir Path dir) throws Exception {
        RunRecord run = run(rack, dir, Filter.include("HIVE-VIRTUAL-2"), Filter.include("mps2-*"));
        assertThat(run.matrix().keySet()).containsExactly("2/mps2-an500", "2/mps2-an505");
        assertThat(run.connects())
                .extracting(Connect::channel, Connect::stack, Connect::slot)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(2, 1, 1), org.assertj.core.groups.Tuple.tuple(2, 2, 0));
    }

    @Test
    void excludeFiltersLeaveOutWhatTheyName(VirtualRack rack, @TempDir Path dir) throws Exception {
        RunRecord run = run(
                rack,
                dir,
                Filter.exclude("Virtual GDB probe 0", "virtual gdb PROBE 1"),
                Filter.exclude("stm32*", "netduino*", "lm3s?965*", "mps2-*"));
        assertThat(run.matrix().keySet()).containsExactly("2/microbit", "2/sifive_e", "3/microbit", "3/sifive_e");
        assertThat(run.connects()).hasSize(4);
    }

    @Test
    void aFilterThatMatchesNothingGivesAnEmptyCompletedRun(VirtualRack rack, @TempDir Path dir) throws Exception {
        RunRecord run = run(rack, dir, null, Filter.include("nrf52*"));
        assertThat(run.results()).isEmpty();
        assertThat(run.connects()).isEmpty();
        assertThat(run.finished().orElseThrow().summary().total()).isZero();
    }
}
