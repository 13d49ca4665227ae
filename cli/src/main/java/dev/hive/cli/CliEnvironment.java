package dev.hive.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command runs in: environment variables, the user's config and cache directories, the streams, whether
 * standard output is a terminal, the working directory and what a Ctrl-C does. Tests build their own; the CLI's daemon
 * ({@code dev.hive.cli.daemon}) builds one per request from what the client sent, so nothing of a command comes from
 * the daemon's own process.
 *
 * @param env environment variables ({@code HIVE_URL}, {@code HIVE_TOKEN}, {@code MAVEN_HOME}, {@code PATH}, ...)
 * @param configDir where {@code config.properties} and {@code credentials} live
 * @param cacheDir where runner workspaces live
 * @param in standard input
 * @param out standard output
 * @param err standard error
 * @param terminal whether standard output is an interactive terminal (colours, progress bars, prompts)
 * @param workingDir the directory relative paths of the command line are resolved against
 * @param interrupts where the command says what Ctrl-C (or a kill) does while it runs
 */
public record CliEnvironment(
        Map<String, String> env,
        Path configDir,
        Path cacheDir,
        InputStream in,
        PrintWriter out,
        PrintWriter err,
        boolean terminal,
        Path workingDir,
        Interrupts interrupts) {

    /** An environment in this process's working directory, whose Ctrl-C runs JVM shutdown hooks. */
    public CliEnvironment(
            Map<String, String> env,
            Path configDir,
            Path cacheDir,
            InputStream in,
            PrintWriter out,
            PrintWriter err,
            boolean terminal) {
        this(env, configDir, cacheDir, in, out, err, terminal, Path.of("").toAbsolutePath(), Interrupts.SHUTDOWN_HOOKS);
    }

    /** The real process environment. */
    public static CliEnvironment system() {
        Map<String, String> env = System.getenv();
        boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
        return new CliEnvironment(
                env,
                configDir(env),
                cacheDir(env),
                System.in,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                terminal);
    }

    /** {@code $XDG_CONFIG_HOME/hive}, else {@code ~/.config/hive}. */
    public static Path configDir(Map<String, String> env) {
        return xdg(env, "XDG_CONFIG_HOME", ".config");
    }

    /** {@code $XDG_CACHE_HOME/hive}, else {@code ~/.cache/hive}. */
    public static Path cacheDir(Map<String, String> env) {
        return xdg(env, "XDG_CACHE_HOME", ".cache");
    }

    /** {@code path} resolved against the working directory (unchanged when absolute). */
    public Path resolve(Path path) {
        return workingDir.resolve(path).normalize();
    }

    private static Path xdg(Map<String, String> env, String variable, String fallback) {
        String base = env.get(variable);
        if (base != null && !base.isBlank() && Path.of(base).isAbsolute()) {
            return Path.of(base, "hive");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, fallback, "hive");
    }
}
