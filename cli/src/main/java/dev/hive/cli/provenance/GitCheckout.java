package dev.hive.cli.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param dirty whether {@code git status} lists a change
 */
public record GitCheckout(String commit, String branch, boolean dirty) {

    /** How long the git command may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** Reads the checkout at {@code dir} with the {@code git} found on the PATH. */
    public static Optional<GitCheckout> read(Path dir) {
        return read(dir, "git", TIMEOUT, System.getenv());
    }

    /** Reads the checkout at {@code dir} with the {@code git} found on the PATH, git in the environment {@code env}. */
    public static Optional<GitCheckout> read(Path dir, Map<String, String> env) {
        return read(dir, "git", TIMEOUT, env);
    }

    static Optional<GitCheckout> read(Path dir, String git, Duration timeout) {
        return read(dir, git, timeout, System.getenv());
    }

    /**
     * Reads the checkout at {@code dir} with the git command {@code git}: one {@code git status --porcelain=v2
     * --branch}, whose header lines give the commit ({@code # branch.oid}, {@code (initial)} before the first commit)
     * and the branch ({@code # branch.head}, {@code (detached)} on a detached head), and whose other lines are the
     * changes. (Three git processes before: {@code rev-parse --verify HEAD}, {@code rev-parse --abbrev-ref HEAD} and
     * {@code status --porcelain}.)
     */
    static Optional<GitCheckout> read(Path dir, String git, Duration timeout, Map<String, String> env) {
        Optional<String> status = run(dir, timeout, env, git, "status", "--porcelain=v2", "--branch");
        if (status.isEmpty()) {
            return Optional.empty();
        }
        String commit = null;
        String branch = null;
        boolean dirty = false;
        for (String line : status.get().split("\n")) {
            if (line.startsWith("# branch.oid ")) {
                commit = line.substring("# branch.oid ".length()).strip();
            } else if (line.startsWith("# branch.head ")) {
                branch = line.substring("# branch.head ".length()).strip();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                dirty = true;
            }
        }
        if (commit == null || !commit.matches("[0-9a-f]{40,64}")) {
            return Optional.empty(); // no commit yet
        }
        if (branch == null || branch.isEmpty() || branch.equals("(detached)")) {
            branch = null;
        }
        return Optional.of(new GitCheckout(commit, branch, dirty));
    }

    /** The standard output of {@code git args} in {@code dir}, or empty when it fails, times out or is absent. */
    private static Optional<String> run(
            Path dir, Duration timeout, Map<String, String> env, String git, String... args) {
        List<String> command = new ArrayList<>(List.of(git));
        command.addAll(List.of(args));
        Process process;
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env); // over this process's own (the daemon's is nearly empty)
            process = builder.start();
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
