package dev.hive.monitor.rack;

import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackConfig;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.config.StaticRackConfig.ProbeSelector;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.TargetState;
import dev.hive.rack.model.Testchannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration a reinitialisation starts: the running rack's configuration with the stored assignment
 * applied to it. On a virtual rack a slot takes any emulated board or becomes empty; its probes are its own
 * and cannot be reassigned. On a static rack a channel takes another target (a person swapped the board) or
 * another probe (identified by its serial); a channel cannot become empty, since the rack file wires each
 * channel to one target. Pure: it reads and starts nothing.
 */
public final class AssignedRack {

    /** The stored assignment asks for what this kind of rack cannot do; the message says what and why. */
    public static final class NotApplicable extends RuntimeException {
        NotApplicable(List<String> reasons) {
            super(String.join("; ", reasons), null, false, false);
        }
    }

    private AssignedRack() {}

    /**
     * The configuration of {@code running} with {@code stored} applied; equal to {@code running} when the
     * assignment asks for nothing new.
     *
     * @param live what the running backend reports (its probes)
     * @throws NotApplicable naming every part of the assignment that this rack cannot take
     */
    public static RackConfig apply(RackConfig running, Rack live, RackAssignment stored, TargetCatalog catalog) {
        List<String> refused = new ArrayList<>();
        RackConfig result = running instanceof VirtualRackConfig virtual
                ? virtual(virtual, live, stored, catalog, refused)
                : fixed((StaticRackConfig) running, stored, catalog, refused);
        if (!refused.isEmpty()) {
            throw new NotApplicable(refused);
        }
        return result;
    }

    private static VirtualRackConfig virtual(
            VirtualRackConfig config, Rack live, RackAssignment stored, TargetCatalog catalog, List<String> refused) {
        for (TargetAssignment t : stored.targets()) {
            String where = "stack " + t.stack() + " slot " + t.slot() + ": ";
            try {
                config = switch (t.state()) {
                    case KNOWN -> config.withSlot(t.address(), Optional.of(target(catalog, t)));
                    case NOT_CONNECTED -> config.withSlot(t.address(), Optional.empty());
                    case UNKNOWN -> throw new IllegalArgumentException(
                            "an unknown target cannot be emulated; assign a board from the catalog or none");
                };
            } catch (IllegalArgumentException e) {
                refused.add(where + e.getMessage());
            }
        }
        for (Testchannel channel : live.channels()) {
            Optional<ProbeAssignment> assigned = probeOf(stored, channel.index());
            Optional<ProbeInfo> own = channel.probeInfo();
            boolean same = assigned.isPresent() == own.isPresent()
                    && assigned.map(p -> p.identifier().equals(own.get().identifier())
                                    && p.serial().equals(own.get().serial()))
                            .orElse(true);
            if (!same) {
                refused.add("channel " + channel.index() + ": a virtual rack has its own probe in every channel ("
                        + own.map(p -> "'" + p.identifier() + "'").orElse("none")
                        + "), which cannot be replaced; assign it back");
            }
        }
        return config;
    }

    private static StaticRackConfig fixed(
            StaticRackConfig config, RackAssignment stored, TargetCatalog catalog, List<String> refused) {
        for (TargetAssignment t : stored.targets()) {
            String where = "stack " + t.stack() + " slot " + t.slot() + ": ";
            if (t.stack() >= config.channels().size() || t.slot() != 0) {
                refused.add(where + "a static rack has one slot per channel, 0/0 to "
                        + (config.channels().size() - 1) + "/0");
                continue;
            }
            if (t.state() != TargetState.KNOWN) {
                refused.add(where + "a static rack wires each channel to one target, so the slot cannot be "
                        + (t.state() == TargetState.UNKNOWN ? "unknown" : "empty")
                        + "; to take the channel out, remove it from the rack file and restart the monitor");
                continue;
            }
            try {
                CatalogTarget target = target(catalog, t);
                if (!target.equals(config.channels().get(t.stack()).target())) {
                    config = config.withTarget(t.stack(), target);
                }
            } catch (IllegalArgumentException e) {
                refused.add(where + e.getMessage());
            }
        }
        for (int c = 0; c < config.channels().size(); c++) {
            ProbeSelector wired = config.channels().get(c).probe();
            Optional<ProbeAssignment> assigned = probeOf(stored, c);
            if (assigned.isEmpty()) {
                // healing at start stores only detected probes: an absent probe is not a change of wiring
                continue;
            }
            ProbeAssignment p = assigned.get();
            if (p.serial().equals(wired.serial())) {
                continue;
            }
            if (p.serial().isBlank()) {
                refused.add("channel " + c + ": probe " + p.describe()
                        + " has no serial number, and a static rack tells its probes apart by serial");
                continue;
            }
            try {
                config = config.withProbe(
                        c,
                        new ProbeSelector(
                                p.kind(),
                                p.vendorId() == 0 ? null : p.vendorId(),
                                p.productId() == 0 ? null : p.productId(),
                                p.serial()));
            } catch (IllegalArgumentException e) {
                refused.add("channel " + c + ": " + e.getMessage());
            }
        }
        return config;
    }

    private static CatalogTarget target(TargetCatalog catalog, TargetAssignment t) {
        String name = t.targetName().orElseThrow();
        return catalog.find(name)
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not in the target catalog"));
    }

    private static Optional<ProbeAssignment> probeOf(RackAssignment stored, int channel) {
        return stored.probes().stream().filter(p -> p.channel() == channel).findFirst();
    }
}
