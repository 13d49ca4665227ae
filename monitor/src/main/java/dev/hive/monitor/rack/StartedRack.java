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
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.physical.ExternalFlasher;
import dev.hive.rack.physical.StaticRackBackend;
import dev.hive.rack.physical.UsbProbeDiscovery;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.rack.virtual.VirtualRackBackend;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rack the monitor serves: the backend a rack configuration describes, with a testprogram built for its
 * targets and flashed onto them.
 *
 * @param config the configuration the backend was started from
 * @param backend the running backend; closing this record closes it
 * @param build the testprogram build on the targets
 * @param flashed the outcome of flashing each known target at start
 */
public record StartedRack(
        RackConfig config, RackBackend backend, TestprogramBuild build, Map<SlotAddress, FlashStatus> flashed)
        implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartedRack.class);

    public StartedRack {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(build, "build");
        flashed = Map.copyOf(flashed);
    }

    /**
     * Reads {@code rackFile}, builds the built-in testprogram for its targets, starts its backend and flashes
     * every target.
     *
     * @param buildDirectory where the testprogram is compiled
     * @throws RackException or {@link dev.hive.rack.config.RackFileException} with a message for the admin
     */
    public static StartedRack start(Path rackFile, Path buildDirectory) {
        RackConfig config = new RackFile(TargetCatalog.builtin()).read(rackFile);
        TestprogramBuild build = new TestprogramBuilder(buildDirectory, Toolchains.fromPath())
                .build(
                        new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()),
                        targets(config));
        if (!build.ok()) {
            throw new RackException("the built-in testprogram does not build:\n" + build.output());
        }
        return start(config, build);
    }

    /**
     * Starts the backend {@code config} describes and flashes every target with its image from {@code build}.
     *
     * <p>A virtual rack that cannot be started or flashed is an error, and nothing is left running. On a static
     * rack, absent hardware is normal: a target that cannot be flashed is logged and shown with its flash
     * status, and the rest is served.
     *
     * @param build a build of the testprogram for (at least) {@link #targets(RackConfig)}
     * @throws RackException naming the target that failed
     */
    public static StartedRack start(RackConfig config, TestprogramBuild build) {
        if (config instanceof VirtualRackConfig virtual) {
            VirtualRackBackend backend = VirtualRackBackend.start(virtual);
            try {
                Map<SlotAddress, FlashStatus> flashed = backend.flash(build);
                flashed.forEach((slot, status) -> {
                    if (!status.isOk()) {
                        throw new RackException("flashing target " + slot + " ("
                                + backend.catalogTarget(slot).name() + ") failed: " + status.message());
                    }
                });
                return new StartedRack(config, backend, build, flashed);
            } catch (RuntimeException | Error e) {
                backend.close();
                throw e;
            }
        }
        StaticRackConfig fixed = (StaticRackConfig) config;
        Flasher flasher = fixed.flasher() == null
                ? (elf, target, probe) -> FlashStatus.error("the rack file configures no flasher", "")
                : new ExternalFlasher(fixed.flasher(), TargetCatalog.builtin());
        var backend = new StaticRackBackend(fixed, new UsbProbeDiscovery(), flasher);
        try {
            Map<SlotAddress, FlashStatus> flashed = backend.flash(build);
            flashed.forEach((slot, status) -> {
                if (!status.isOk()) {
                    LOG.warn("flashing the target in slot {} failed: {}", slot, status.message());
                }
            });
            return new StartedRack(config, backend, build, flashed);
        } catch (RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    /** The distinct catalog targets {@code config} places in its slots, in slot order. */
    public static List<CatalogTarget> targets(RackConfig config) {
        if (config instanceof VirtualRackConfig virtual) {
            return virtual.stacks().stream()
                    .flatMap(s -> s.slots().stream())
                    .flatMap(Optional::stream)
                    .distinct()
                    .toList();
        }
        return ((StaticRackConfig) config)
                .channels().stream()
                        .map(StaticRackConfig.ChannelConfig::target)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList();
    }

    @Override
    public void close() {
        backend.close();
    }
}
