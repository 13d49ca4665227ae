package dev.hive.cli.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Git facts of a candidate's directory: its commit, its branch (null on a detached head) and whether it has
 * uncommitted changes. Read by running {@code git} there with a timeout; empty when git is not installed, the
 * directory is not a checkout, or git does not answer in time.
 *
 * @param commit the full hex commit id of {@code HEAD}
 * @param branch the checked-out branch, null on a detached head
 * @param dirty whether {@code git status --porcelain} lists anything
 */
public record GitCheckout(String commit, String branch, boolean dirty) {

    /** How long each git command may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** Reads the checkout at {@code dir} with the {@code git} found on the PATH. */
    public static Optional<GitCheckout> read(Path dir) {
        return read(dir, "git", TIMEOUT);
    }

    /** Reads the checkout at {@code dir} with the git command {@code git}. */
    static Optional<GitCheckout> read(Path dir, String git, Duration timeout) {
        Optional<String> commit = run(dir, timeout, git, "rev-parse", "--verify", "HEAD");
        if (commit.isEmpty() || commit.get().isBlank()) {
            return Optional.empty();
        }
        String branch = run(dir, timeout, git, "rev-parse", "--abbrev-ref", "HEAD")
                .map(String::strip)
                .filter(b -> !b.isEmpty() && !b.equals("HEAD"))
                .orElse(null);
        Optional<String> status = run(dir, timeout, git, "status", "--porcelain");
        return Optional.of(new GitCheckout(
                commit.get().strip(), branch, status.map(s -> !s.isBlank()).orElse(false)));
    }

    /** The standard output of {@code git args} in {@code dir}, or empty when it fails, times out or is absent. */
    private static Optional<String> run(Path dir, Duration timeout, String git, String... args) {
        List<String> command = new ArrayList<>(List.of(git));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close(); // git never waits for input
        } catch (IOException e) {
            return Optional.empty(); // git is not installed
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0
                    ? Optional.of(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
