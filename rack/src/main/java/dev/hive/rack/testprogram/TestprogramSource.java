package dev.hive.rack.testprogram;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A testprogram's sources: C files at the top level are built for every architecture, files under {@code arm/}
 * or {@code riscv/} only for that one.
 *
 * @param name the testprogram's name
 * @param files file contents by relative path
 */
public record TestprogramSource(String name, Map<String, byte[]> files) {

    public TestprogramSource {
        Objects.requireNonNull(name, "name");
        for (String path : files.keySet()) {
            if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException(
                        "testprogram " + name + ": file path '" + path + "' must be relative");
            }
        }
        files = Map.copyOf(new TreeMap<>(files));
    }
}
