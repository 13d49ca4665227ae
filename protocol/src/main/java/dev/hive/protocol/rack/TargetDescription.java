package dev.hive.protocol.rack;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;
import java.util.List;
import java.util.Optional;

/**
 * A target in a slot, with what tests need to know about it.
 *
 * @param name the catalog name, e.g. {@code stm32vldiscovery}
 * @param architecture ARM or RISC-V
 * @param core the core as the compiler spells it, e.g. {@code cortex-m3} or {@code rv32imac}
 * @param memory its memory regions
 * @param testprogram the testprogram flashed onto it, or null when none was built for it
 * @param flashOk whether the testprogram was flashed successfully
 * @param flashMessage what flashing said (success or the reason it failed), or null
 */
public record TargetDescription(
        @Required String name,
        @Required Architecture architecture,
        @Required String core,
        @Required List<MemoryRegion> memory,
        TestprogramDescription testprogram,
        @Required boolean flashOk,
        String flashMessage) {

    public TargetDescription {
        Fields.required(name, "name");
        Fields.required(architecture, "architecture");
        Fields.required(core, "core");
        memory = Fields.list(memory, "memory");
    }

    /** The testprogram, if one was built for this target. */
    public Optional<TestprogramDescription> testprogramIfPresent() {
        return Optional.ofNullable(testprogram);
    }
}
