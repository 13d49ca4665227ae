package dev.hive.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Where the test candidates are, and what the ITs check about trees and JARs. */
final class Fixtures {

    private Fixtures() {}

    /** The repository's root (for {@code examples/rsp-probe}). */
    static Path repoRoot() {
        return Path.of(System.getProperty("hive.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** A fixture under {@code src/test/resources/fixtures/}. */
    static Path fixture(String name) {
        return repoRoot().resolve("cli/src/test/resources/fixtures").resolve(name);
    }

    /** A copy of the fixture {@code name} in {@code dir}, so a test may edit it or check it stays unwritten. */
    static Path copy(String name, Path dir) {
        Path source = fixture(name);
        Path target = dir.resolve(name);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Every file under {@code dir} with its modification time. */
    static Map<String, FileTime> snapshot(Path dir) {
        Map<String, FileTime> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                files.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The runner JAR's Main-Class. */
    static String mainClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    /** Whether the JAR has an entry {@code name}, or an entry starting with it when it ends with a slash. */
    static boolean has(Path jar, String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return name.endsWith("/")
                    ? file.stream().anyMatch(e -> e.getName().startsWith(name))
                    : file.getEntry(name) != null;
        }
    }
}
