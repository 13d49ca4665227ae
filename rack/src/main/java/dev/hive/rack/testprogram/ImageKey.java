package dev.hive.rack.testprogram;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.rack.catalog.CatalogTarget;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two targets need different testprogram images: architecture, core, memory layout and the
 * target-specific defines. Targets with equal keys share one ELF.
 */
public record ImageKey(
        Architecture architecture, String core, MemoryRegion flash, MemoryRegion ram, Map<String, String> defines) {

    public ImageKey {
        defines = Map.copyOf(defines);
    }

    public static ImageKey of(CatalogTarget target) {
        var info = target.info();
        return new ImageKey(info.architecture(), info.core(), info.flash(), info.ram(), target.defines());
    }

    /** A short, file-system-safe name, e.g. {@code arm-cortex-m3-08000000-20000000-1a2b}. */
    public String slug() {
        return "%s-%s-%08x-%08x-%04x"
                .formatted(
                        architecture.folder(),
                        core,
                        flash.origin(),
                        ram.origin(),
                        (flash.length() * 31 + ram.length() + new TreeMap<>(defines).hashCode()) & 0xFFFF);
    }
}
