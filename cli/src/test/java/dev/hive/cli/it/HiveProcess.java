package dev.hive.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built CLI as a user would, {@code java -jar hive-cli.jar ...}, with output to pipes (no terminal). */
final class HiveProcess {

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    HiveProcess(Path home) {
        this.home = home;
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** The CLI of a user whose files are under {@code home}, with {@code monitor} and its token {@code token}. */
    static HiveProcess against(MonitorProcess monitor, String token, Path home) throws java.io.IOException {
        java.nio.file.Files.createDirectories(home);
        return new HiveProcess(home).env("HIVE_URL", monitor.url()).env("HIVE_TOKEN", monitor.token(token));
    }

    HiveProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The CLI's JAR, built by this module's package phase. */
    static Path jar() {
        return Path.of(System.getProperty("hive.cli.jar"));
    }

    /** A CLI process that is still running, and where its output goes. */
    record Running(Process process, Path out, Path err, long start) {

        String outSoFar() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        /** Waits for the end. */
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("hive did not end in 10 minutes");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).await();
    }

    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "hive-out", ".txt");
        Path err = Files.createTempFile(home, "hive-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        return new Running(builder.start(), out, err, start);
    }

    /** What one run of the CLI did. */
    record Result(int exitCode, String out, String err, long millis) {
        String all() {
            // stderr first: it is short and says why, and a long stdout is what a truncated log drops
            return "exit " + exitCode + "\n--- stderr\n" + err + "--- stdout\n" + out;
        }
    }
}
