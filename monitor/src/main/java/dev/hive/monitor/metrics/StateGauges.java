package dev.hive.monitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Gauges that count things by state, one time series per state of an enum (also the states nobody is in, so a
 * dashboard sees a 0 instead of a gap): {@code hive_targets{state="ready"} 2}. A feature that keeps a state per
 * target or lease registers its counts here once, from a supplier read at every scrape (on a worker).
 */
public final class StateGauges {

    private final MeterRegistry registry;

    StateGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers {@code name} with one series per constant of {@code states}, tagged {@code tag} = the constant in
     * lower case; its value is the constant's count in {@code counts} (0 when absent).
     *
     * @param name a dotted Micrometer name, e.g. {@code hive.targets.health} (Prometheus: {@code
     *     hive_targets_health})
     * @param counts read at every scrape, once per state: keep it cheap and non-blocking where possible
     */
    public <E extends Enum<E>> void register(
            String name, String description, String tag, Class<E> states, Supplier<Map<E, Long>> counts) {
        Objects.requireNonNull(counts, "counts");
        for (E state : states.getEnumConstants()) {
            Gauge.builder(name, () -> counts.get().getOrDefault(state, 0L))
                    .description(description)
                    .tag(tag, state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
