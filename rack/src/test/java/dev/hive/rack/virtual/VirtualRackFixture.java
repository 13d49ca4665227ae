package dev.hive.rack.virtual;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Path;

/** A started virtual rack from the test rack file, with the default testprogram built and flashed. */
final class VirtualRackFixture implements AutoCloseable {

    static final String RACK_FILE =
            """
            name: test-rack
            backend: virtual
            channels: 4
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, netduinoplus2, lm3s6965evb]
              - name: stack-b
                targets: [microbit, mps2-an500, empty]
              - name: stack-c
                targets: [mps2-an505, sifive_e]
            """;

    final TargetCatalog catalog = TargetCatalog.builtin();
    final VirtualRackBackend rack;
    final TestprogramBuild build;

    VirtualRackFixture(Path work) {
        var config = (VirtualRackConfig) new RackFile(catalog).parse(RACK_FILE, "test-rack");
        build = new TestprogramBuilder(work, Toolchains.fromPath())
                .build(
                        new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()),
                        config.stacks().stream()
                                .flatMap(s -> s.slots().stream())
                                .flatMap(java.util.Optional::stream)
                                .toList());
        if (!build.ok()) {
            throw new IllegalStateException("default testprogram does not build:\n" + build.output());
        }
        rack = VirtualRackBackend.start(config);
        rack.flash(build).forEach((slot, status) -> {
            if (!status.isOk()) {
                rack.close();
                throw new IllegalStateException("flashing " + slot + " failed: " + status.message());
            }
        });
    }

    Path probe(int channel) {
        return Path.of(rack.rack().channels().get(channel).probe().endpoint().substring("unix:".length()));
    }

    long symbol(SlotAddress slot, String name) {
        return build.imageFor(rack.catalogTarget(slot))
                .orElseThrow()
                .symbol(name)
                .orElseThrow()
                .address();
    }

    @Override
    public void close() {
        rack.close();
    }
}
