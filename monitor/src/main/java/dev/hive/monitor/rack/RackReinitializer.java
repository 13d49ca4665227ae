package dev.hive.monitor.rack;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetState;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the rack in line with the stored assignment. When the running rack already is what is assigned, its
 * targets are flashed again with the active build. Otherwise the running configuration with the assignment
 * applied ({@link AssignedRack}) is started as a new rack: the active testprogram is built for its targets
 * (and the build recorded), the new backend is started and flashed, and only then does it replace the
 * running one, which is closed. Anything that fails before the replacement leaves the running rack as it
 * was, with nothing of the new one left behind.
 *
 * <p>Blocking and slow (compiling, starting QEMU): call it from a worker, while no run uses the rack.
 */
public final class RackReinitializer {

    private static final Logger LOG = LoggerFactory.getLogger(RackReinitializer.class);
    private static final int MAX_BUILD_OUTPUT = 4_000;

    /**
     * What a reinitialisation did.
     *
     * @param replaced whether a new rack was started (the assignment differed from the running rack)
     * @param flashed the flash outcome of every known target
     */
    public record Outcome(boolean replaced, Map<SlotAddress, FlashStatus> flashed) {
        public Outcome {
            flashed = Map.copyOf(flashed);
        }

        /** Whether every target holds the active build now. */
        public boolean allFlashed() {
            return flashed.values().stream().allMatch(FlashStatus::isOk);
        }
    }

    private final SwappableRack rack;
    private final TargetCatalog catalog;
    private final AssignmentRepository assignments;
    private final TestprogramRepository testprograms;
    private final TestprogramBuilder builder;
    private final ActiveBuild active;

    public RackReinitializer(
            SwappableRack rack,
            TargetCatalog catalog,
            AssignmentRepository assignments,
            TestprogramRepository testprograms,
            TestprogramBuilder builder,
            ActiveBuild active) {
        this.rack = rack;
        this.catalog = catalog;
        this.assignments = assignments;
        this.testprograms = testprograms;
        this.builder = builder;
        this.active = active;
    }

    /**
     * Applies the stored assignment and stores each target's flash outcome.
     *
     * @throws AssignedRack.NotApplicable when this kind of rack cannot take the assignment (nothing changed)
     * @throws RackException when the active testprogram does not build for the assigned targets, or the new
     *     rack does not start or flash; the running rack is kept then
     */
    public Outcome reinitialize() {
        return active.exclusively(this::apply);
    }

    private Outcome apply() {
        StartedRack running = rack.current();
        RackConfig wanted =
                AssignedRack.apply(running.config(), running.backend().rack(), assignments.load(), catalog);
        if (wanted.equals(running.config())) {
            Map<SlotAddress, FlashStatus> flashed = rack.flash(active.get());
            store(flashed);
            return new Outcome(false, flashed);
        }
        long start = System.nanoTime();
        List<CatalogTarget> targets = StartedRack.targets(wanted);
        LOG.info(
                "reinitialising rack '{}' with the stored assignment: {}",
                wanted.name(),
                targets.stream().map(CatalogTarget::name).toList());
        TestprogramBuild build = buildActive(targets);
        StartedRack next;
        try {
            next = StartedRack.start(wanted, build);
        } catch (RackException e) {
            throw new RackException("the assigned rack did not start, the rack before is kept: " + e.getMessage(), e);
        }
        rack.replace(next);
        active.replace(build);
        store(next.flashed());
        LOG.info(
                "rack '{}' reinitialised in {} ms: {}",
                wanted.name(),
                (System.nanoTime() - start) / 1_000_000,
                next.flashed());
        return new Outcome(true, next.flashed());
    }

    /** Builds the active testprogram for {@code targets} and records the build. */
    private TestprogramBuild buildActive(List<CatalogTarget> targets) {
        Testprogram testprogram =
                testprograms.active().orElseThrow(() -> new IllegalStateException("no testprogram is active"));
        TestprogramBuild build =
                builder.build(testprograms.sources(testprogram.id()).orElseThrow(), targets);
        testprograms.recordBuild(testprogram.id(), build);
        if (!build.ok()) {
            String output = build.output();
            if (output.length() > MAX_BUILD_OUTPUT) {
                output = "[...]\n" + output.substring(output.length() - MAX_BUILD_OUTPUT);
            }
            throw new RackException("the active testprogram '" + testprogram.name() + "' does not build for "
                    + targets.stream().map(CatalogTarget::name).collect(Collectors.joining(", ")) + " ("
                    + build.status() + "), the rack before is kept; its output is in the testprogram's latest"
                    + " build:\n" + output);
        }
        return build;
    }

    /** Stores the flash outcome of every known slot of the (new) rack. */
    private void store(Map<SlotAddress, FlashStatus> flashed) {
        for (var slot : rack.rack().slots().toList()) {
            if (slot.state() != TargetState.KNOWN) {
                continue;
            }
            FlashStatus status = flashed.getOrDefault(slot.address(), rack.flashStatus(slot.address()));
            assignments.setFlashStatus(
                    slot.address().stack(), slot.address().slot(), status.outcome(), status.message());
        }
    }
}
