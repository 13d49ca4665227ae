package dev.hive.monitor;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.rack.ActiveBuild;
import dev.hive.monitor.rack.AssignmentHealing;
import dev.hive.monitor.rack.AssignmentRepository;
import dev.hive.monitor.rack.Healing;
import dev.hive.monitor.rack.RackAssignment;
import dev.hive.monitor.rack.RackReinitializer;
import dev.hive.monitor.rack.StartedRack;
import dev.hive.monitor.rack.SwappableRack;
import dev.hive.monitor.rack.TargetAssignment;
import dev.hive.monitor.rack.Testprogram;
import dev.hive.monitor.rack.TestprogramRepository;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.model.TargetState;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.Toolchains;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting the rack is more than starting a backend: the built-in testprogram is seeded, the stored assignment
 * is healed to the rack as detected, and a testprogram stored as active is built again. This record is that step
 * and what it leaves for the rest of the monitor (the rack everybody holds, the build the task runner flashes,
 * the reinitializer behind 'Reload rack'), so the composition root reads as one line per part.
 *
 * @param otherTestprogram whether a testprogram other than the built-in one is active (the task runner flashes
 *     it before the first run)
 */
record RackStart(
        SwappableRack rack,
        TestprogramRepository testprograms,
        AssignmentRepository assignments,
        TestprogramBuilder builder,
        ActiveBuild activeBuild,
        RackReinitializer reinitializer,
        boolean otherTestprogram) {

    private static final Logger LOG = LoggerFactory.getLogger(RackStart.class);

    /** Starts the rack from {@code config.rackFile()} and adds it to {@code parts}; see the class comment. */
    static RackStart start(MonitorConfig config, Database database, Clock clock, StartedParts parts) {
        var testprograms = new TestprogramRepository(database, clock);
        var builtin = testprograms.seedBuiltin();
        LOG.info("starting the rack from {}", config.rackFile());
        StartedRack started =
                StartedRack.start(config.rackFile(), config.dataDir().resolve("testprogram"));
        var rack = parts.add(new SwappableRack(started));
        testprograms.recordBuild(builtin.id(), started.build());
        var assignments = new AssignmentRepository(database);
        storeAssignment(config, rack, assignments);
        var builder = new TestprogramBuilder(config.dataDir().resolve("testprogram"), Toolchains.fromPath());
        var activeBuild = new ActiveBuild(started.build());
        boolean otherTestprogram = activateStored(rack, testprograms, builtin, builder, activeBuild);
        var reinitializer =
                new RackReinitializer(rack, TargetCatalog.builtin(), assignments, testprograms, builder, activeBuild);
        LOG.info(
                "rack '{}' is up: {} channel(s), {} target(s), testprogram {}",
                rack.rack().name(),
                rack.rack().channels().size(),
                rack.rack().knownSlots().size(),
                started.build().uid());
        return new RackStart(rack, testprograms, assignments, builder, activeBuild, reinitializer, otherTestprogram);
    }

    /**
     * When a testprogram other than the built-in one is stored as active, builds it for the rack's targets so
     * the task runner flashes it before the first run; one that does not build (any more) is logged and the
     * built-in one is made active again. Answers whether another testprogram is active.
     */
    private static boolean activateStored(
            SwappableRack rack,
            TestprogramRepository testprograms,
            Testprogram builtin,
            TestprogramBuilder builder,
            ActiveBuild active) {
        Optional<Testprogram> stored = testprograms.active();
        if (stored.isEmpty() || stored.get().builtIn()) {
            return false;
        }
        Testprogram t = stored.get();
        TestprogramBuild build = builder.build(testprograms.sources(t.id()).orElseThrow(), rack.knownTargets());
        testprograms.recordBuild(t.id(), build);
        if (!build.ok()) {
            LOG.warn(
                    "the active testprogram '{}' does not build ({}); the built-in one is active again",
                    t.name(),
                    build.status());
            testprograms.activate(builtin.id());
            return false;
        }
        active.replace(build);
        LOG.info("testprogram '{}' is active; the targets are flashed with it before the next run", t.name());
        return true;
    }

    /**
     * The rack as detected (started from the rack file) wins over the stored assignment; every difference is
     * logged (as the original heals a mismatch at start), and the flash status of each target is stored. So a
     * board swapped in by a reinitialisation is healed back to the rack file's at the next start.
     */
    private static void storeAssignment(MonitorConfig config, SwappableRack rack, AssignmentRepository assignments) {
        RackAssignment stored = assignments.load();
        Healing healing = AssignmentHealing.heal(stored, RackAssignment.detectedIn(rack.rack()));
        healing.changes().forEach(change -> LOG.warn("rack assignment healed: {}", change));
        if (healing.changed() && !stored.targets().isEmpty()) {
            LOG.info(
                    "the rack file {} decides the rack at start: a board assigned and applied with 'Reload rack'"
                            + " lasts until the monitor stops; write it into the rack file to keep it",
                    config.rackFile());
        }
        List<TargetAssignment> targets = healing.targets().stream()
                .map(t -> t.state() == TargetState.KNOWN
                        ? t.withFlash(
                                rack.flashStatus(t.address()).outcome(),
                                rack.flashStatus(t.address()).message())
                        : t)
                .toList();
        assignments.replaceAll(healing.probes(), targets);
    }
}
