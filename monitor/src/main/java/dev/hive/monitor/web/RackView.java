package dev.hive.monitor.web;

import java.util.List;
import java.util.Objects;

/**
 * What {@code GET /api/v1/capabilities} shows of the rack: its probes and targets with their states. The
 * composition root builds it from the rack backend; tests give a fixed one.
 */
public record RackView(List<Probe> probes, List<Target> targets) {

    public RackView {
        probes = List.copyOf(probes);
        targets = List.copyOf(targets);
    }

    /** A probe, e.g. {@code state} "ready" or "missing". */
    public record Probe(String identifier, String serial, String state) {
        public Probe {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * A target in its slot, e.g. {@code state} "flashed" or "flash failed: …", and its health ({@code GOOD},
     * {@code BAD}, …; docs/health.md), null when not known (an unknown target, or a server that keeps none).
     */
    public record Target(String name, String slot, String state, String health) {
        public Target {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(state, "state");
        }

        public Target(String name, String slot, String state) {
            this(name, slot, state, null);
        }

        /** This target with {@code health}. */
        public Target withHealth(String health) {
            return new Target(name, slot, state, health);
        }
    }
}
