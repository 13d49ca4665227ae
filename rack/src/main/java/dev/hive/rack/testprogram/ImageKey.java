package dev.hive.rack.testprogram;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.rack.catalog.CatalogTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /**
     * A short, file-system-safe name, e.g. {@code arm-cortex-m3-08000000-20000000-1a2b3c4d}: the readable parts,
     * then 8 hex digits of a SHA-256 over the rest (lengths and defines). Builds of distinct keys run in parallel
     * in folders named by it, so it must differ between them; a 16-bit hash once gave two catalog keys one
     * folder, and their builds overwrote each other's ELF.
     */
    public String slug() {
        return "%s-%s-%08x-%08x-%s".formatted(architecture.folder(), core, flash.origin(), ram.origin(), digest());
    }

    private String digest() {
        String rest = flash.length() + "/" + ram.length() + "/" + new TreeMap<>(defines);
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(rest.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
