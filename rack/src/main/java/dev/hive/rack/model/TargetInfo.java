package dev.hive.rack.model;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import java.util.List;
import java.util.Objects;

/**
 * What the rack knows about one target: its catalog name, core and memory map.
 *
 * @param name the catalog name, e.g. {@code stm32vldiscovery} or {@code STM32F401RE}
 * @param architecture ARM or RISC-V
 * @param core the core as the compiler spells it, e.g. {@code cortex-m33} or {@code rv32imac}
 * @param memory the regions; the first flash region is where the testprogram boots from
 */
public record TargetInfo(String name, Architecture architecture, String core, List<MemoryRegion> memory) {

    public TargetInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(core, "core");
        memory = List.copyOf(memory);
        if (memory.stream().noneMatch(r -> r.kind() == MemoryKind.FLASH)
                || memory.stream().noneMatch(r -> r.kind() == MemoryKind.RAM)) {
            throw new IllegalArgumentException("target " + name + " needs at least one FLASH and one RAM region");
        }
    }

    /** The region the testprogram is linked into and boots from. */
    public MemoryRegion flash() {
        return first(MemoryKind.FLASH);
    }

    /** The RAM region that holds data, bss and the stack. */
    public MemoryRegion ram() {
        return first(MemoryKind.RAM);
    }

    private MemoryRegion first(MemoryKind kind) {
        return memory.stream().filter(r -> r.kind() == kind).findFirst().orElseThrow();
    }
}
