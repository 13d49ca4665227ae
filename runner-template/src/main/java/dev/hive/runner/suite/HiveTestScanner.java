package dev.hive.runner.suite;

import dev.hive.runner.api.HiveTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the hive test classes inside the runner JAR (or, when the runner runs from its build directory, inside
 * that directory): the classes annotated {@link HiveTest}. The runner's own packages and well-known libraries
 * are not read at all; of the rest, only classes whose bytes name the annotation are loaded (without being
 * initialised) and checked. Loading nothing else keeps start-up fast and never trips over a library class
 * that does not load.
 *
 * <p>A hive test class must carry {@code @HiveTest} itself; a class that only inherits it from a superclass
 * is not found.
 */
public final class HiveTestScanner {

    /** Packages that never hold hive tests: the runner itself and the libraries every runner contains. */
    static final List<String> SKIPPED_PREFIXES = List.of(
            "META-INF/",
            "dev/hive/runner/",
            "dev/hive/protocol/",
            "org/junit/",
            "org/opentest4j/",
            "org/apiguardian/",
            "com/fasterxml/",
            "org/slf4j/",
            "com/fazecast/");

    private static final byte[] MARKER =
            ("L" + HiveTest.class.getName().replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);

    private final ClassLoader loader;

    public HiveTestScanner(ClassLoader loader) {
        this.loader = loader;
    }

    /** The JAR or class directory the runner was started from. */
    public static Path runnerLocation() {
        CodeSource source = HiveTestScanner.class.getProtectionDomain().getCodeSource();
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the runner was loaded from: " + source.getLocation(), e);
        }
    }

    /** The names of the hive test classes in {@code location} (a JAR or a class directory), sorted. */
    public List<String> scan(Path location) {
        var candidates = new ArrayList<String>();
        try {
            if (Files.isDirectory(location)) {
                scanDirectory(location, candidates);
            } else {
                scanJar(location, candidates);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hive tests in " + location + ": " + e.getMessage(), e);
        }
        return candidates.stream().filter(this::isHiveTest).sorted().toList();
    }

    private void scanJar(Path jar, List<String> candidates) throws IOException {
        try (var zip = new ZipFile(jar.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (mayHoldHiveTest(entry.getName())) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        if (namesTheAnnotation(in.readAllBytes())) {
                            candidates.add(className(entry.getName()));
                        }
                    }
                }
            }
        }
    }

    private void scanDirectory(Path root, List<String> candidates) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), "/");
                if (mayHoldHiveTest(name) && namesTheAnnotation(Files.readAllBytes(file))) {
                    candidates.add(className(name));
                }
            }
        }
    }

    public static boolean mayHoldHiveTest(String entry) {
        return entry.endsWith(".class")
                && !entry.endsWith("module-info.class")
                && !entry.endsWith("package-info.class")
                && SKIPPED_PREFIXES.stream().noneMatch(entry::startsWith);
    }

    static boolean namesTheAnnotation(byte[] classFile) {
        outer:
        for (int i = 0; i <= classFile.length - MARKER.length; i++) {
            for (int j = 0; j < MARKER.length; j++) {
                if (classFile[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Whether the class is annotated; a class that names the annotation but does not load is kept, so that
     * JUnit reports why it does not load instead of the class silently missing from the results.
     */
    private boolean isHiveTest(String className) {
        try {
            return Class.forName(className, false, loader).isAnnotationPresent(HiveTest.class);
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}
