package dev.hive.runner.api;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The target a test runs on, and the testprogram flashed onto it (see the rack's {@code docs/testprogram.md}:
 * header, pattern, counter, mailbox, breakpoint target).
 *
 * @param name the catalog name, e.g. {@code stm32vldiscovery}
 * @param architecture ARM or RISC-V
 * @param core the core as the compiler spells it, e.g. {@code cortex-m3} or {@code rv32imac}
 * @param memory the memory regions, flash and RAM
 * @param testprogram the testprogram's name ({@code default} for the built-in one), empty when none was built
 * @param symbols addresses of the testprogram's known symbols by name, such as {@code hive_header}
 * @param defines the defines the testprogram was compiled with, such as {@code HIVE_UID}
 * @param hiveUid the testprogram build's 64-bit {@code HIVE_UID}, new for every build; 0 when there is none
 */
public record TargetInfo(
        String name,
        Architecture architecture,
        String core,
        List<MemoryRegion> memory,
        String testprogram,
        Map<String, Long> symbols,
        Map<String, String> defines,
        long hiveUid) {

    public TargetInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(core, "core");
        memory = List.copyOf(memory);
        testprogram = Objects.requireNonNullElse(testprogram, "");
        symbols = Collections.unmodifiableMap(new TreeMap<>(symbols));
        defines = Collections.unmodifiableMap(new TreeMap<>(defines));
    }

    /**
     * The address of a testprogram symbol.
     *
     * @throws NoSuchElementException naming the symbol and the testprogram when it does not have it
     */
    public long symbol(String symbol) {
        return findSymbol(symbol)
                .orElseThrow(() -> new NoSuchElementException("the testprogram " + describeTestprogram()
                        + " on " + name + " has no symbol " + symbol + " (it has " + symbols.size()
                        + " known symbols)"));
    }

    /** The address of a testprogram symbol, if the testprogram has it. */
    public OptionalLong findSymbol(String symbol) {
        Long address = symbols.get(symbol);
        return address == null ? OptionalLong.empty() : OptionalLong.of(address);
    }

    /** The value of a define the testprogram was compiled with, as C source spells it (e.g. {@code 0x1u}). */
    public Optional<String> define(String define) {
        return Optional.ofNullable(defines.get(define));
    }

    /** The first flash region: where the testprogram boots from. */
    public MemoryRegion flash() {
        return region(MemoryKind.FLASH);
    }

    /** The first RAM region: data, bss and the stack. */
    public MemoryRegion ram() {
        return region(MemoryKind.RAM);
    }

    private MemoryRegion region(MemoryKind kind) {
        return memory.stream()
                .filter(r -> r.kind() == kind)
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("target " + name + " has no " + kind + " region"));
    }

    private String describeTestprogram() {
        return testprogram.isEmpty() ? "(none)" : testprogram;
    }

    @Override
    public String toString() {
        return name + " (" + core + ")";
    }
}
