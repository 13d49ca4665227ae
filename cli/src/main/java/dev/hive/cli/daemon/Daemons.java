package dev.hive.cli.daemon;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The user's CLI daemons, one per directory of {@code CACHE/daemon} (one per checksum of a CLI JAR and a Java), for
 * {@code hive daemon status} and {@code hive daemon stop}.
 */
public final class Daemons {

    private final Path root;

    /** The daemons under the CLI's cache directory {@code cacheDir} ({@code $XDG_CACHE_HOME/hive}). */
    public Daemons(Path cacheDir) {
        this.root = cacheDir.resolve("daemon");
    }

    /**
     * A daemon that serves requests.
     *
     * @param dir its directory (its log is {@code dir/log})
     * @param process its process
     */
    public record Running(Path dir, ProcessHandle process) {

        /** When it started, if the system says. */
        public Optional<Instant> started() {
            return process.info().startInstant();
        }
    }

    /** The daemons whose pid file names a live process. */
    public List<Running> running() {
        List<Running> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                pid(dir).flatMap(ProcessHandle::of)
                        .filter(ProcessHandle::isAlive)
                        .ifPresent(p -> found.add(new Running(dir, p)));
            }
        } catch (IOException e) {
            // no daemons readable: none
        }
        return found;
    }

    /**
     * Asks {@code daemon} to stop (it ends once the requests it runs have ended) and waits up to {@code wait} for its
     * end; true when it ended.
     */
    public boolean stop(Running daemon, Duration wait) throws InterruptedException {
        // The daemon holds its FIFO open for reading: this open does not wait, unless the daemon died just now.
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try (var in = new FileOutputStream(daemon.dir().resolve("in").toFile(), true)) {
                in.write("stop\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            sent.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            daemon.process().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !daemon.process().isAlive();
        }
        return true;
    }

    private static Optional<Long> pid(Path dir) {
        try {
            return Optional.of(
                    Long.parseLong(Files.readString(dir.resolve("pid")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
