package dev.hive.monitor.metrics;

import dev.hive.monitor.rack.SwappableRack;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Counts flashed targets by outcome ({@code hive_flashes_total{outcome}}) and times each flash operation
 * ({@code hive_flash_duration_seconds}: one call that flashes one or more targets, in parallel where the
 * hardware allows, so its duration is what a run's FLASHING or RESTORING waited for).
 */
public final class FlashMetrics implements SwappableRack.FlashListener {

    private static final Duration[] BUCKETS = RunMetrics.bucketsOf(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120);

    private final MeterRegistry registry;
    private final Timer duration;

    public FlashMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("hive.flash.duration")
                .description("Time of one flash operation (all its targets, in parallel where possible)")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        for (FlashStatus.Outcome outcome : FlashStatus.Outcome.values()) {
            flashes(outcome);
        }
    }

    @Override
    public void flashed(Map<SlotAddress, FlashStatus> results, Duration took) {
        if (results.isEmpty()) {
            return;
        }
        duration.record(took);
        results.values().forEach(status -> flashes(status.outcome()).increment());
    }

    private Counter flashes(FlashStatus.Outcome outcome) {
        return Counter.builder("hive.flashes")
                .description("Targets flashed, by outcome (ok, error; not_flashed: a target skipped)")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
