package dev.hive.rack.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.rack.model.TargetInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The targets the rack knows by name. Names are matched case-insensitively. */
public final class TargetCatalog {

    private static final String BUILTIN = "/dev/hive/rack/catalog/targets.yaml";

    private final Map<String, CatalogTarget> byName;

    private TargetCatalog(List<CatalogTarget> targets) {
        var map = new LinkedHashMap<String, CatalogTarget>();
        for (CatalogTarget target : targets) {
            if (map.put(key(target.name()), target) != null) {
                throw new IllegalArgumentException("target catalog lists '" + target.name() + "' twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The catalog shipped with the rack module. */
    public static TargetCatalog builtin() {
        try (InputStream in = TargetCatalog.class.getResourceAsStream(BUILTIN)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the built-in target catalog " + BUILTIN + " is missing from the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in target catalog", e);
        }
    }

    /** Reads a catalog in the {@code targets.yaml} format (see docs/hardware.md). */
    public static TargetCatalog read(InputStream yaml) throws IOException {
        var mapper = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Entry[] entries = mapper.readValue(yaml, Entry[].class);
        var targets = new ArrayList<CatalogTarget>();
        for (Entry entry : entries) {
            targets.add(entry.toTarget());
        }
        return new TargetCatalog(targets);
    }

    public Optional<CatalogTarget> find(String name) {
        return Optional.ofNullable(byName.get(key(name)));
    }

    /** The entry for {@code name}, or an {@link UnknownTargetException} that suggests close names. */
    public CatalogTarget get(String name) {
        return find(name).orElseThrow(() -> new UnknownTargetException(name, search(name, 3)));
    }

    public List<CatalogTarget> all() {
        return List.copyOf(byName.values());
    }

    public List<CatalogTarget> emulated() {
        return byName.values().stream().filter(t -> t.emulation() != null).toList();
    }

    /** Names containing {@code text} (case-insensitive), or failing that the closest names by edit distance. */
    public List<String> search(String text, int limit) {
        String needle = key(text);
        List<String> hits = byName.values().stream()
                .map(CatalogTarget::name)
                .filter(n -> key(n).contains(needle))
                .limit(limit)
                .toList();
        if (!hits.isEmpty()) {
            return hits;
        }
        return byName.values().stream()
                .map(CatalogTarget::name)
                .filter(n -> distance(key(n), needle) <= Math.max(2, needle.length() / 3))
                .sorted((a, b) -> Integer.compare(distance(key(a), needle), distance(key(b), needle)))
                .limit(limit)
                .toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** One entry as written in the YAML file; addresses are strings so hex reads naturally. */
    private record Entry(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "chip", required = true) String chip,
            @JsonProperty(value = "architecture", required = true) Architecture architecture,
            @JsonProperty(value = "core", required = true) String core,
            @JsonProperty(value = "flash", required = true) Region flash,
            @JsonProperty(value = "ram", required = true) Region ram,
            @JsonProperty("qemu") Emulation qemu,
            @JsonProperty("defines") Map<String, String> defines) {

        CatalogTarget toTarget() {
            var memory = List.of(flash.toRegion(MemoryKind.FLASH, name), ram.toRegion(MemoryKind.RAM, name));
            return new CatalogTarget(new TargetInfo(name, architecture, core, memory), chip, qemu, defines);
        }
    }

    private record Region(
            @JsonProperty(value = "origin", required = true) String origin,
            @JsonProperty(value = "length", required = true) String length) {

        MemoryRegion toRegion(MemoryKind kind, String target) {
            try {
                return new MemoryRegion(kind, parseSize(origin), parseSize(length));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("target " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /** Parses {@code 0x08000000}, {@code 65536}, {@code 64K} or {@code 1M}. */
    static long parseSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (s.startsWith("0X")) {
                return Long.parseLong(s.substring(2).replace("_", ""), 16);
            }
            long unit = 1;
            if (s.endsWith("K")) {
                unit = 1024;
            } else if (s.endsWith("M")) {
                unit = 1024 * 1024;
            }
            String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
            return Long.parseLong(digits.replace("_", "")) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an address or size (use 0x…, a number, or 64K/1M)");
        }
    }
}
