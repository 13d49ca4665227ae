package dev.hive.testprograms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The testprograms that ship with Hive. Today there is one, {@value #DEFAULT}. */
public final class BuiltinTestprograms {

    /** The name of the built-in testprogram; it cannot be edited or deleted. */
    public static final String DEFAULT = "default";

    private static final String ROOT = "/dev/hive/testprograms/";

    private BuiltinTestprograms() {}

    /** The files of the default testprogram, by relative path ({@code hive_test.c}, {@code arm/startup.S}, ...). */
    public static Map<String, byte[]> defaultFiles() {
        return files(DEFAULT);
    }

    static Map<String, byte[]> files(String name) {
        String base = ROOT + name + "/";
        var files = new LinkedHashMap<String, byte[]>();
        String index = new String(read(base + "index.txt"), StandardCharsets.UTF_8);
        for (String line : index.split("\n")) {
            String path = line.strip();
            if (!path.isEmpty() && !path.startsWith("#")) {
                files.put(path, read(base + path));
            }
        }
        return files;
    }

    private static byte[] read(String resource) {
        try (InputStream in = BuiltinTestprograms.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("testprogram resource " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read testprogram resource " + resource, e);
        }
    }
}
