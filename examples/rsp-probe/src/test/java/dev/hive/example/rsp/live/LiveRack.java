package dev.hive.example.rsp.live;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramImage;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.rack.virtual.VirtualRackBackend;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Path;
import java.util.Optional;

/** A virtual rack of real QEMU boards with the built-in testprogram flashed: what the library is tested on. */
final class LiveRack implements AutoCloseable {

    final VirtualRackBackend rack;
    final TestprogramBuild build;

    LiveRack(String rackFile, Path work) {
        var config = (VirtualRackConfig) new RackFile(TargetCatalog.builtin()).parse(rackFile, "live rack");
        var targets = config.stacks().stream()
                .flatMap(s -> s.slots().stream())
                .flatMap(Optional::stream)
                .toList();
        build = new TestprogramBuilder(work, Toolchains.fromPath())
                .build(new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()), targets);
        if (!build.ok()) {
            throw new IllegalStateException("the built-in testprogram does not build:\n" + build.output());
        }
        rack = VirtualRackBackend.start(config);
        rack.flash(build).forEach((slot, status) -> {
            if (!status.isOk()) {
                rack.close();
                throw new IllegalStateException("flashing " + slot + " failed: " + status.message());
            }
        });
    }

    TestprogramImage image(SlotAddress slot) {
        return build.imageFor(rack.catalogTarget(slot)).orElseThrow();
    }

    String probe(int channel) {
        return rack.rack().channels().get(channel).probe().endpoint();
    }

    @Override
    public void close() {
        rack.close();
    }
}
