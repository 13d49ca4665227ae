package dev.hive.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real monitor process ({@code java -jar hive-monitor.jar serve}) with a virtual rack of QEMU boards, on port 0 of
 * loopback, with API tokens made by its own {@code init}. Its output goes to {@code monitor.log} in its directory.
 */
final class MonitorProcess implements AutoCloseable {

    static final String RACK_FILE =
            """
            name: cli-it
            backend: virtual
            channels: 2
            stacks:
              - name: stack-a
                targets: [lm3s6965evb, sifive_e]
            """;

    private static final Pattern READY = Pattern.compile("ready on port (\\d+)");

    final Path dir;
    final Process process;
    final int port;

    private MonitorProcess(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The monitor's runnable JAR, built by {@code mvn package -pl monitor -am}; null when it has not been built. */
    static Path jar() {
        String jar = System.getProperty("hive.monitor.jar");
        return jar != null && Files.isRegularFile(Path.of(jar)) ? Path.of(jar) : null;
    }

    /** A monitor on a free port with the two-board rack above and an API token per name in {@code tokens}. */
    static MonitorProcess start(Path dir, List<String> tokens) throws Exception {
        return start(dir, tokens, RACK_FILE, "");
    }

    /** As {@link #start(Path, List)} with another rack file and more of {@code monitor.yaml} (e.g. a fleet section). */
    static MonitorProcess start(Path dir, List<String> tokens, String rackFile, String moreConfig) throws Exception {
        if (jar() == null) {
            throw new IllegalStateException(
                    "the monitor's JAR is not built: run mvn -B -ntp package -pl monitor -am -DskipTests first");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rack.yaml"), rackFile);
        Files.writeString(
                dir.resolve("monitor.yaml"),
                """
                dataDir: data
                rackFile: rack.yaml
                http:
                  port: 0
                  bindAddress: 127.0.0.1
                """
                        + moreConfig);
        for (String token : tokens) {
            Process init = monitor(dir, "init", "--token", token, "--token-file", token + ".token")
                    .redirectOutput(dir.resolve("init-" + token + ".log").toFile())
                    .redirectErrorStream(true)
                    .start();
            if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
                throw new IllegalStateException(
                        "hive-monitor init failed: " + Files.readString(dir.resolve("init-" + token + ".log")));
            }
        }
        return serve(dir);
    }

    /**
     * Kills this monitor with SIGKILL (as a crash would: nothing of it runs its shutdown) and starts it again in its
     * directory, on the same database and the same HTTP port (a client keeps its URL). The old log is kept as
     * {@code monitor-killed.log}.
     */
    MonitorProcess killAndRestart() throws Exception {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the killed monitor did not exit");
        }
        Files.move(dir.resolve("monitor.log"), dir.resolve("monitor-killed.log"));
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, Files.readString(config).replace("  port: 0\n", "  port: " + port + "\n"));
        return serve(dir);
    }

    private static MonitorProcess serve(Path dir) throws Exception {
        Path log = dir.resolve("monitor.log");
        Process serve = monitor(dir, "serve")
                .redirectOutput(log.toFile())
                .redirectErrorStream(true)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = READY.matcher(Files.readString(log));
            if (m.find()) {
                return new MonitorProcess(dir, serve, Integer.parseInt(m.group(1)));
            }
            if (!serve.isAlive()) {
                throw new IllegalStateException(
                        "the monitor exited with " + serve.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        serve.destroyForcibly();
        throw new IllegalStateException("the monitor did not get ready in 3 minutes:\n" + Files.readString(log));
    }

    private static ProcessBuilder monitor(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString(),
                "-c",
                dir.resolve("monitor.yaml").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String token(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".token")).strip();
    }

    Path database() {
        return dir.resolve("data/hive.db");
    }

    /** Whether the monitor still runs; when it does not, its log is the place to look (kept in target/). */
    boolean alive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines of the monitor's log. */
    String logTail(int lines) throws IOException {
        List<String> all = Files.readAllLines(dir.resolve("monitor.log"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        // The temp directory goes away with the test class; keep the monitor's log for a failure's post-mortem.
        Path kept = Path.of("target", "hive-cli-it-monitor.log");
        if (Files.isDirectory(kept.getParent())) {
            Files.copy(dir.resolve("monitor.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
