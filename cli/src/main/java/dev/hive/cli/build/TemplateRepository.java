package dev.hive.cli.build;

import dev.hive.cli.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    /** The unpacked repository under {@code cacheDir}, unpacking it when it is missing. */
    public Path unpack(Path cacheDir) {
        Path dir = cacheDir.resolve("template-repo").resolve(build.templateVersion());
        Path done = dir.resolve(".complete");
        if (Files.isRegularFile(done)) {
            return dir;
        }
        try {
            for (String file : build.templateFiles()) {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = TemplateRepository.class.getResourceAsStream("/template-repo/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("the CLI was built without template-repo/" + file);
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(done, build.templateVersion());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the runner template into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
