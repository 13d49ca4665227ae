package dev.hive.protocol.rack;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param unavailable why this target must not be used by this run (its health is BAD, MAINTENANCE or RETIRED,
 *     see docs/health.md), or null when it may be; the runner then reports every test on it SKIPPED with this
 *     reason and never connects to it. Left out of the JSON when null.
 */
public record TargetDescription(
        @Required String name,
        @Required Architecture architecture,
        @Required String core,
        @Required List<MemoryRegion> memory,
        TestprogramDescription testprogram,
        @Required boolean flashOk,
        String flashMessage,
        @JsonInclude(JsonInclude.Include.NON_NULL) String unavailable) {

    public TargetDescription {
        Fields.required(name, "name");
        Fields.required(architecture, "architecture");
        Fields.required(core, "core");
        memory = Fields.list(memory, "memory");
    }

    /** A target that may be used. */
    public TargetDescription(
            String name,
            Architecture architecture,
            String core,
            List<MemoryRegion> memory,
            TestprogramDescription testprogram,
            boolean flashOk,
            String flashMessage) {
        this(name, architecture, core, memory, testprogram, flashOk, flashMessage, null);
    }

    /** This target with {@code reason} why it must not be used (see {@link #unavailable()}). */
    public TargetDescription withUnavailable(String reason) {
        return new TargetDescription(name, architecture, core, memory, testprogram, flashOk, flashMessage, reason);
    }

    /** The testprogram, if one was built for this target. */
    public Optional<TestprogramDescription> testprogramIfPresent() {
        return Optional.ofNullable(testprogram);
    }
}
