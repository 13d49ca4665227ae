package dev.hive.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.runner.Racks;
import java.util.List;
import org.junit.jupiter.api.Test;

class RackPlanTest {

    static RunOptions options(Filter probes, Filter targets) {
        return new RunOptions(probes, targets, 30_000, 1_800_000);
    }

    static List<Integer> channels(RackPlan plan) {
        return plan.channels().stream().map(ChannelDescription::index).toList();
    }

    static List<String> targets(RackPlan plan) {
        return plan.visits().stream().map(v -> v.target().name()).toList();
    }

    @Test
    void withoutFiltersEveryProbedChannelVisitsEveryTarget() {
        var plan = RackPlan.of(Racks.matrix(), options(null, null));
        assertThat(channels(plan))
                .as("the channel without a probe gets no thread")
                .containsExactly(0, 1, 2, 3);
        assertThat(targets(plan))
                .as("empty slots are not visited")
                .containsExactly(
                        "stm32vldiscovery",
                        "netduinoplus2",
                        "lm3s6965evb",
                        "microbit",
                        "mps2-an500",
                        "mps2-an505",
                        "sifive_e");
        assertThat(plan.visits())
                .extracting(RackPlan.Visit::stack, RackPlan.Visit::slot)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 0),
                        org.assertj.core.groups.Tuple.tuple(0, 1),
                        org.assertj.core.groups.Tuple.tuple(0, 2),
                        org.assertj.core.groups.Tuple.tuple(1, 0),
                        org.assertj.core.groups.Tuple.tuple(1, 1),
                        org.assertj.core.groups.Tuple.tuple(2, 0),
                        org.assertj.core.groups.Tuple.tuple(2, 2));
        assertThat(plan.cells()).isEqualTo(28);
    }

    @Test
    void probeFiltersMatchIdentifierOrSerialIgnoringCase() {
        assertThat(channels(RackPlan.of(Racks.matrix(), options(Filter.include("HIVE-VIRTUAL-1", "*probe 3"), null))))
                .containsExactly(1, 3);
        assertThat(channels(RackPlan.of(Racks.matrix(), options(Filter.exclude("hive-virtual-?"), null))))
                .isEmpty();
        assertThat(channels(RackPlan.of(Racks.matrix(), options(Filter.exclude("Virtual GDB probe 0"), null))))
                .containsExactly(1, 2, 3);
    }

    @Test
    void targetFiltersIncludeOrExcludeByNamePattern() {
        var included = RackPlan.of(Racks.matrix(), options(null, Filter.include("mps2-*", "STM32*")));
        assertThat(targets(included)).containsExactly("stm32vldiscovery", "mps2-an500", "mps2-an505");
        assertThat(included.stacks()).extracting(RackPlan.StackPlan::index).containsExactly(0, 1, 2);

        var excluded = RackPlan.of(Racks.matrix(), options(null, Filter.exclude("microbit", "mps2-*")));
        assertThat(targets(excluded)).containsExactly("stm32vldiscovery", "netduinoplus2", "lm3s6965evb", "sifive_e");
        assertThat(excluded.stacks())
                .as("a stack with nothing left to visit is dropped")
                .extracting(RackPlan.StackPlan::index)
                .containsExactly(0, 2);
        assertThat(excluded.cells()).isEqualTo(16);
    }

    @Test
    void filtersThatLeaveNothingGiveAnEmptyPlan() {
        var plan = RackPlan.of(Racks.matrix(), options(null, Filter.include("nrf52*")));
        assertThat(plan.visits()).isEmpty();
        assertThat(plan.cells()).isZero();
    }
}
