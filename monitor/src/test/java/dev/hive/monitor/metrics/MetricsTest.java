package dev.hive.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.config.MetricsConfig;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The monitor's own meters, fed as the task runner and the rack feed them, read back from a parsed scrape. */
class MetricsTest {

    private final Metrics metrics = new Metrics(MetricsConfig.DEFAULT);
    private final RunMetrics runs = new RunMetrics(metrics.registry());

    @Test
    void runsAreCountedByOutcomeAndTimedByPhase() {
        run(
                1,
                RunState.FINISHED,
                new Run.Summary(2, 0, 1, 0),
                TestStatus.PASSED,
                TestStatus.PASSED,
                TestStatus.SKIPPED);
        run(2, RunState.FINISHED, new Run.Summary(1, 1, 0, 0), TestStatus.PASSED, TestStatus.FAILED);
        run(3, RunState.FAILED, Run.Summary.EMPTY);
        runs.finished(4, RunState.CANCELLED, Run.Summary.EMPTY, Optional.empty()); // cancelled in the queue

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        assertThat(scrape.types()).containsEntry("hive_runs_total", "counter");
        assertThat(scrape.byLabel("hive_runs_total", "outcome"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("passed", 1.0, "tests_failed", 1.0, "error", 1.0, "cancelled", 1.0, "interrupted", 0.0));
        assertThat(scrape.byLabel("hive_test_results_total", "status"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("passed", 3.0, "failed", 1.0, "skipped", 1.0));
        assertThat(scrape.value("hive_run_duration_seconds_count", Map.of("outcome", "passed")))
                .isEqualTo(1);
        assertThat(scrape.value("hive_run_duration_seconds_count", Map.of("outcome", "error")))
                .isEqualTo(1);
        assertThat(scrape.samples("hive_run_duration_seconds_count"))
                .as("the run cancelled in the queue never held the rack")
                .hasSize(3);
        for (String phase : new String[] {"preparing", "running", "collecting", "restoring"}) {
            assertThat(scrape.value("hive_run_phase_duration_seconds_count", Map.of("phase", phase)))
                    .as(phase)
                    .isEqualTo(3);
        }
        assertThat(scrape.value("hive_run_phase_duration_seconds_sum", Map.of("phase", "running")))
                .isPositive();
    }

    @Test
    void flashesAreCountedPerTargetAndTimedPerOperation() {
        var flashes = new FlashMetrics(metrics.registry());
        flashes.flashed(
                Map.of(
                        new SlotAddress(0, 0), FlashStatus.ok("flashed"),
                        new SlotAddress(0, 1), FlashStatus.error("no image", "")),
                Duration.ofMillis(1500));
        flashes.flashed(Map.of(), Duration.ofMillis(3)); // nothing to flash: no operation

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        assertThat(scrape.byLabel("hive_flashes_total", "outcome"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ok", 1.0, "error", 1.0, "not_flashed", 0.0));
        assertThat(scrape.value("hive_flash_duration_seconds_count", Map.of())).isEqualTo(1);
        assertThat(scrape.value("hive_flash_duration_seconds_sum", Map.of())).isEqualTo(1.5);
        assertThat(scrape.value("hive_flash_duration_seconds_bucket", Map.of("le", "1.0")))
                .isZero();
        assertThat(scrape.value("hive_flash_duration_seconds_bucket", Map.of("le", "2.0")))
                .isEqualTo(1);
    }

    @Test
    void stateGaugesShowEveryStateAndFollowTheirSupplier() {
        Map<TargetHealth, Long> counts = new EnumMap<>(TargetHealth.class);
        counts.put(TargetHealth.READY, 2L);
        metrics.gauges().register("hive.targets", "targets", "state", TargetHealth.class, () -> counts);
        var waiting = new AtomicInteger(3);
        metrics.queueLength(waiting::get);

        PrometheusText before = PrometheusText.parse(metrics.scrape());
        counts.put(TargetHealth.READY, 1L);
        counts.put(TargetHealth.LOST, 1L);
        waiting.set(0);
        PrometheusText after = PrometheusText.parse(metrics.scrape());

        assertThat(before.types()).containsEntry("hive_targets", "gauge");
        assertThat(before.byLabel("hive_targets", "state"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ready", 2.0, "powered_off", 0.0, "lost", 0.0));
        assertThat(after.byLabel("hive_targets", "state"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ready", 1.0, "powered_off", 0.0, "lost", 1.0));
        assertThat(before.value("hive_queue_length", Map.of())).isEqualTo(3);
        assertThat(after.value("hive_queue_length", Map.of())).isZero();
    }

    @Test
    void httpSeriesAreNamedByTheRouteThatAnswered() {
        assertThat(Metrics.answeringRoute("/api/v1/>/api/v1/>/api/v1/runs/:id")).isEqualTo("/api/v1/runs/:id");
        assertThat(Metrics.answeringRoute("/metrics")).isEqualTo("/metrics");
    }

    private void run(long id, RunState end, Run.Summary summary, TestStatus... results) {
        for (RunPhase phase : new RunPhase[] {RunPhase.PREPARING, RunPhase.RUNNING}) {
            runs.phase(id, phase);
        }
        for (TestStatus status : results) {
            runs.testFinished(id, result(status));
        }
        runs.phase(id, RunPhase.COLLECTING);
        runs.phase(id, RunPhase.RESTORING);
        runs.finished(id, end, summary, Optional.empty());
    }

    private static TestResult result(TestStatus status) {
        return new TestResult(
                "t",
                "t()",
                "dev.hive.T",
                "t",
                new Cell(0, "rsp-probe-0", "VP0", 0, 0, "lm3s6965evb"),
                status,
                null,
                null,
                Instant.EPOCH,
                1);
    }
}
