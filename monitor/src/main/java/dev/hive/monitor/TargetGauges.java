package dev.hive.monitor;

import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.metrics.Metrics;
import dev.hive.monitor.rack.SwappableRack;
import java.util.EnumMap;
import java.util.Map;

/**
 * The target gauges on {@code /metrics} count what two features know (the rack's live condition, the targets'
 * health) and the metrics package only registers and scrapes; they are registered here, where both features are
 * at hand, so the composition root adds them with one call.
 */
final class TargetGauges {

    private TargetGauges() {}

    /** Registers {@code hive.targets} (by live condition) and {@code hive.target.health} (by health). */
    static void register(Metrics metrics, SwappableRack rack, TargetHealth health) {
        metrics.gauges()
                .register(
                        "hive.targets",
                        "Known target slots by their live condition",
                        "state",
                        dev.hive.rack.model.TargetHealth.class,
                        () -> targetsByCondition(rack));
        metrics.gauges()
                .register(
                        "hive.target.health",
                        "Known targets by their health (docs/health.md)",
                        "health",
                        Health.class,
                        () -> targetsByHealth(health));
    }

    /** The known slots by live condition; a slot whose backend cannot tell counts as lost. */
    private static Map<dev.hive.rack.model.TargetHealth, Long> targetsByCondition(SwappableRack rack) {
        Map<dev.hive.rack.model.TargetHealth, Long> counts = new EnumMap<>(dev.hive.rack.model.TargetHealth.class);
        for (var slot : rack.rack().knownSlots()) {
            dev.hive.rack.model.TargetHealth health;
            try {
                health = rack.health(slot.address());
            } catch (RuntimeException e) {
                health = dev.hive.rack.model.TargetHealth.LOST;
            }
            counts.merge(health, 1L, Long::sum);
        }
        return counts;
    }

    /** The known targets by their health. */
    private static Map<Health, Long> targetsByHealth(TargetHealth health) {
        Map<Health, Long> counts = new EnumMap<>(Health.class);
        for (TargetHealth.Status status : health.all()) {
            counts.merge(status.health(), 1L, Long::sum);
        }
        return counts;
    }
}
