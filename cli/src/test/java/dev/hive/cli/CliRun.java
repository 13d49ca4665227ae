package dev.hive.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code hive} in-process through {@link HiveCommandLine}, as {@code main} does, capturing its output. */
public final class CliRun {

    private final Map<String, String> env = new HashMap<>();
    private final Path configDir;
    private final Path cacheDir;
    private boolean terminal;

    public CliRun(Path home) {
        this.configDir = home.resolve("config/hive");
        this.cacheDir = home.resolve("cache/hive");
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    public CliRun env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    public CliRun terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    public Path configDir() {
        return configDir;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.copyOf(env),
                configDir,
                cacheDir,
                new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                terminal);
        int code = HiveCommandLine.create(environment, args).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What one {@code hive} invocation did. */
    public record Result(int exitCode, String out, String err) {

        public String all() {
            return out + err;
        }
    }
}
