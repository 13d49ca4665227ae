package dev.hive.cli.build;

import dev.hive.cli.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

/**
 * The runner template the CLI carries in {@code template-repo/} of its own JAR: a tiny Maven repository with the
 * runner (without its sample suite), the runner API and the protocol, with flattened POMs. Unpacked once per CLI
 * build into the cache directory, where generated workspaces refer to it as a {@code file://} repository.
 */
public final class TemplateRepository {

    private final BuildInfo build;

    public TemplateRepository(BuildInfo build) {
        this.build = build;
    }

    /**
     * The unpacked repository under {@code cacheDir}, unpacking it when it is missing. It is unpacked into a
     * temporary directory and renamed into place, so a concurrent {@code hive test} never sees half of it.
     */
    public Path unpack(Path cacheDir) {
        Path parent = cacheDir.resolve("template-repo");
        Path dir = parent.resolve(build.templateVersion());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path temp = null;
        try {
            Files.createDirectories(parent);
            temp = Files.createTempDirectory(parent, ".unpacking-");
            for (String file : build.templateFiles()) {
                Path target = temp.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = TemplateRepository.class.getResourceAsStream("/template-repo/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("the CLI was built without template-repo/" + file);
                    }
                    Files.copy(in, target);
                }
            }
            try {
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
                temp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherWasFaster) {
                // another hive process unpacked the same template meanwhile
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the runner template into " + dir + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                delete(temp);
            }
        }
        return dir;
    }

    private static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory in the cache is harmless
        }
    }
}
