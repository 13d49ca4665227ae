package dev.hive.cli.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of a source tree that a build reads, and a copy of them kept in step elsewhere: the runner is built in a
 * copy of the candidate's reactor so that Maven writes nothing into the user's tree. Left out: Maven's build
 * directories ({@code target/} beside a {@code pom.xml}), the modules' unit tests ({@code src/test/}, never compiled
 * for a runner), hidden files and directories (VCS, IDE; {@code .mvn/} is copied on its own), {@code node_modules/},
 * and the Markdown files beside a {@code pom.xml} (README, CHANGELOG), so that editing those does not rebuild.
 */
final class ReactorCopy {

    private final Path source;
    private final boolean everything;
    private final List<String> files;

    private ReactorCopy(Path source, boolean everything, List<String> files) {
        this.source = source;
        this.everything = everything;
        this.files = files;
    }

    /** The files of {@code source} a build reads, as described above. */
    static ReactorCopy ofReactor(Path source) {
        return scan(source, false);
    }

    /** Every file under {@code source} (for {@code .mvn/}); none when it does not exist. */
    static ReactorCopy ofAll(Path source) {
        return scan(source, true);
    }

    /** The files, relative to the source, {@code /}-separated, sorted. */
    List<String> files() {
        return files;
    }

    /** Adds every file's path and content to {@code digest}; a file in {@code replaced} with that content instead. */
    void digest(MessageDigest digest, Map<String, String> replaced) {
        for (String file : files) {
            digest.update(file.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            byte[] content = replaced.containsKey(file)
                    ? replaced.get(file).getBytes(StandardCharsets.UTF_8)
                    : read(source.resolve(file));
            digest.update(Integer.toString(content.length).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content);
        }
    }

    /**
     * Makes {@code target} hold these files: a file whose size and modification time match is left alone (so Maven's
     * incremental compilation sees only what changed), a file in {@code replaced} gets that content, and files that
     * are no longer in the source are deleted. Maven's build directories in {@code target} are kept.
     */
    void syncTo(Path target, Map<String, String> replaced) {
        try {
            Files.createDirectories(target);
            for (String file : files) {
                Path from = source.resolve(file);
                Path to = target.resolve(file);
                Files.createDirectories(to.getParent());
                if (replaced.containsKey(file)) {
                    byte[] content = replaced.get(file).getBytes(StandardCharsets.UTF_8);
                    if (!Files.isRegularFile(to) || !java.util.Arrays.equals(Files.readAllBytes(to), content)) {
                        Files.write(to, content);
                    }
                } else if (!same(from, to)) {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Set<String> wanted = new HashSet<>(files);
            for (String stale : scan(target, everything).files) {
                if (!wanted.contains(stale)) {
                    Files.delete(target.resolve(stale));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean same(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(to)) {
            return false;
        }
        BasicFileAttributes a = Files.readAttributes(from, BasicFileAttributes.class);
        BasicFileAttributes b = Files.readAttributes(to, BasicFileAttributes.class);
        return a.size() == b.size() && a.lastModifiedTime().equals(b.lastModifiedTime());
    }

    private static ReactorCopy scan(Path source, boolean everything) {
        List<String> files = new ArrayList<>();
        if (!Files.isDirectory(source)) {
            return new ReactorCopy(source, everything, files);
        }
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(source) || everything || wanted(dir)
                            ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (Files.isRegularFile(file) && (everything || wantedFile(file))) {
                        files.add(source.relativize(file).toString().replace('\\', '/'));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + source + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return new ReactorCopy(source, everything, files);
    }

    private static boolean wanted(Path dir) {
        String name = dir.getFileName().toString();
        Path parent = dir.getParent();
        if (name.startsWith(".") || name.equals("node_modules")) {
            return false;
        }
        if (name.equals("target") && Files.isRegularFile(parent.resolve("pom.xml"))) {
            return false;
        }
        return !(name.equals("test")
                && parent.getFileName().toString().equals("src")
                && Files.isRegularFile(parent.resolveSibling("pom.xml")));
    }

    private static boolean wantedFile(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        return !((name.endsWith(".md") || name.endsWith(".adoc"))
                && Files.isRegularFile(file.resolveSibling("pom.xml")));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
