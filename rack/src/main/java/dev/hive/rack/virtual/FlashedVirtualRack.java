package dev.hive.rack.virtual;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramImage;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A virtual rack that is ready for tests: started, with the built-in testprogram built for its targets and
 * flashed onto every one. What the standalone rack, the benchmarks and every test that needs real targets
 * start from.
 *
 * @param rack the running rack; closing this record closes it
 * @param build the testprogram build that is on the targets
 */
public record FlashedVirtualRack(VirtualRackBackend rack, TestprogramBuild build) implements AutoCloseable {

    /** Starts the virtual rack described by rack-file text ({@code origin} names it in errors). */
    public static FlashedVirtualRack start(String rackFile, String origin, Path buildDirectory) {
        if (!(new RackFile(TargetCatalog.builtin()).parse(rackFile, origin) instanceof VirtualRackConfig config)) {
            throw new RackException(origin + " does not describe a virtual rack");
        }
        return start(config, buildDirectory);
    }

    /**
     * Builds the built-in testprogram under {@code buildDirectory}, starts the rack and flashes it.
     *
     * @throws RackException when the testprogram does not build or a target cannot be flashed; nothing is
     *     left running then
     */
    public static FlashedVirtualRack start(VirtualRackConfig config, Path buildDirectory) {
        var targets = config.stacks().stream()
                .flatMap(s -> s.slots().stream())
                .flatMap(Optional::stream)
                .toList();
        TestprogramBuild build = new TestprogramBuilder(buildDirectory, Toolchains.fromPath())
                .build(new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()), targets);
        if (!build.ok()) {
            throw new RackException("the built-in testprogram does not build:\n" + build.output());
        }
        VirtualRackBackend rack = VirtualRackBackend.start(config);
        rack.flash(build).forEach((slot, status) -> {
            if (!status.isOk()) {
                rack.close();
                throw new RackException("flashing target " + slot + " failed: " + status.message());
            }
        });
        return new FlashedVirtualRack(rack, build);
    }

    /** The image flashed onto the target in {@code slot}. */
    public TestprogramImage image(SlotAddress slot) {
        return build.imageFor(rack.catalogTarget(slot)).orElseThrow();
    }

    /** The address of symbol {@code name} in the image of {@code slot}. */
    public long symbol(SlotAddress slot, String name) {
        return image(slot)
                .symbol(name)
                .orElseThrow(() -> new IllegalArgumentException("the testprogram has no symbol " + name))
                .address();
    }

    /** The endpoint of channel {@code channel}'s virtual probe, e.g. {@code unix:/tmp/hive-rack-1/probe-0.sock}. */
    public String probe(int channel) {
        return rack.rack().channels().get(channel).probe().endpoint();
    }

    @Override
    public void close() {
        rack.close();
    }
}
