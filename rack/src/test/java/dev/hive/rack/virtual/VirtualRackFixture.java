package dev.hive.rack.virtual;

import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
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

    final FlashedVirtualRack flashed;
    final VirtualRackBackend rack;
    final TestprogramBuild build;

    VirtualRackFixture(Path work) {
        flashed = FlashedVirtualRack.start(RACK_FILE, "test-rack", work);
        rack = flashed.rack();
        build = flashed.build();
    }

    Path probe(int channel) {
        return Path.of(flashed.probe(channel).substring("unix:".length()));
    }

    long symbol(SlotAddress slot, String name) {
        return flashed.symbol(slot, name);
    }

    @Override
    public void close() {
        flashed.close();
    }
}
