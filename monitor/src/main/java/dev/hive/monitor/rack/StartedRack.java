package dev.hive.monitor.rack;

import dev.hive.rack.backend.Flasher;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackConfig;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.physical.ExternalFlasher;
import dev.hive.rack.physical.StaticRackBackend;
import dev.hive.rack.physical.UsbProbeDiscovery;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.rack.virtual.FlashedVirtualRack;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack the monitor serves: the backend its rack file describes, with the built-in testprogram built for
 * its targets and flashed onto them.
 *
 * @param backend the running backend; closing this record closes it
 * @param build the testprogram build on the targets
 */
public record StartedRack(RackBackend backend, TestprogramBuild build) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartedRack.class);

    public StartedRack {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(build, "build");
    }

    /**
     * Reads {@code rackFile}, starts its backend and flashes every target.
     *
     * <p>A virtual rack that cannot be built or flashed is an error (nothing is left running). On a static
     * rack, absent hardware is normal: a target that cannot be flashed is logged and shown with its flash
     * status, and the monitor serves the rest.
     *
     * @param buildDirectory where the testprogram is compiled
     * @throws RackException or {@link dev.hive.rack.config.RackFileException} with a message for the admin
     */
    public static StartedRack start(Path rackFile, Path buildDirectory) {
        TargetCatalog catalog = TargetCatalog.builtin();
        RackConfig config = new RackFile(catalog).read(rackFile);
        if (config instanceof VirtualRackConfig virtual) {
            FlashedVirtualRack rack = FlashedVirtualRack.start(virtual, buildDirectory);
            return new StartedRack(rack.rack(), rack.build());
        }
        return startStatic((StaticRackConfig) config, catalog, buildDirectory);
    }

    private static StartedRack startStatic(StaticRackConfig config, TargetCatalog catalog, Path buildDirectory) {
        List<CatalogTarget> targets = config.channels().stream()
                .map(StaticRackConfig.ChannelConfig::target)
                .filter(Objects::nonNull)
                .toList();
        TestprogramBuild build = new TestprogramBuilder(buildDirectory, Toolchains.fromPath())
                .build(new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()), targets);
        if (!build.ok()) {
            throw new RackException("the built-in testprogram does not build:\n" + build.output());
        }
        Flasher flasher = config.flasher() == null
                ? (elf, target, probe) -> FlashStatus.error("the rack file configures no flasher", "")
                : new ExternalFlasher(config.flasher(), catalog);
        var backend = new StaticRackBackend(config, new UsbProbeDiscovery(), flasher);
        backend.flash(build).forEach((slot, status) -> {
            if (!status.isOk()) {
                LOG.warn("flashing the target in slot {} failed: {}", slot, status.message());
            }
        });
        return new StartedRack(backend, build);
    }

    @Override
    public void close() {
        backend.close();
    }
}
