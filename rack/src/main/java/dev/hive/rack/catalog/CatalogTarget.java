package dev.hive.rack.catalog;

import dev.hive.rack.model.TargetInfo;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One catalog entry.
 *
 * @param info name, architecture, core and memory map
 * @param chip the chip on the board (for emulated boards) or the part number itself
 * @param emulation how QEMU starts it, null for physical chips
 * @param defines extra C defines the testprogram is built with for this target (timer settings and the like)
 */
public record CatalogTarget(TargetInfo info, String chip, Emulation emulation, Map<String, String> defines) {

    public CatalogTarget {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(chip, "chip");
        defines = defines == null ? Map.of() : Map.copyOf(defines);
    }

    public String name() {
        return info.name();
    }

    public Optional<Emulation> emulated() {
        return Optional.ofNullable(emulation);
    }
}
