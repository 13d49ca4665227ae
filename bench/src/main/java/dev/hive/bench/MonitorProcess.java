package dev.hive.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged monitor ({@code monitor/bin/hive-monitor serve}) in its own process, as a rack admin runs it:
 * a fresh directory with the given rack file, an API token from {@code init}, loopback on a free port. {@code
 * -Dhive.bench.monitor=PATH} starts another build's launcher instead (e.g. a copy of an older monitor's {@code bin}
 * and {@code target}, to measure it side by side with this one).
 */
final class MonitorProcess implements AutoCloseable {

    final Path work;
    final String base;
    final String token;
    final Process process;

    private MonitorProcess(Path work, String base, String token, Process process) {
        this.work = work;
        this.base = base;
        this.token = token;
        this.process = process;
    }

    /** Starts a monitor serving {@code rackFile} and waits until {@code /healthz} answers 200. */
    static MonitorProcess start(String rackFile) throws Exception {
        return start(rackFile, "");
    }

    /** As {@link #start(String)}, with {@code extraConfig} (YAML) appended to the monitor's config file. */
    static MonitorProcess start(String rackFile, String extraConfig) throws Exception {
        return start(
                Path.of(System.getProperty("hive.bench.monitor", "monitor/bin/hive-monitor")),
                Map.of(),
                rackFile,
                extraConfig);
    }

    /**
     * As {@link #start(String, String)}, with the launcher {@code launcher} (another build's {@code bin/hive-monitor})
     * and {@code env} added to its environment (e.g. {@code HIVE_MONITOR_JAVA_OPTS}).
     */
    static MonitorProcess start(Path launcher, Map<String, String> env, String rackFile, String extraConfig)
            throws Exception {
        Path work = Files.createTempDirectory("hive-bench-monitor-");
        Files.writeString(work.resolve("rack.yaml"), rackFile);
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(
                work.resolve("monitor.yaml"),
                "dataDir: data\nrackFile: rack.yaml\nhttp:\n  port: " + port + "\n  bindAddress: 127.0.0.1\n"
                        + extraConfig);
        Path tokenFile = work.resolve("token");
        exec(launcher, env, work, "init", "--token", "bench", "--token-file", tokenFile.toString());
        Process process = command(launcher, env, work, "serve")
                .redirectOutput(work.resolve("monitor.log").toFile())
                .redirectErrorStream(true)
                .start();
        var monitor = new MonitorProcess(
                work, "http://127.0.0.1:" + port, Files.readString(tokenFile).strip(), process);
        try {
            monitor.awaitHealthy();
        } catch (Exception e) {
            monitor.close();
            throw e;
        }
        return monitor;
    }

    /** The monitor's resident memory now, in KiB. */
    long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + process.pid());
    }

    /** The monitor's CPU time so far (user + system), in milliseconds. */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /**
     * The monitor's CPU time so far (user + system) by thread name, in milliseconds, numbered names (e.g. {@code
     * hive-files-3}) summed under the name without the number; the kernel keeps the first 15 characters of a name.
     */
    Map<String, Long> cpuMillisByThread() throws IOException {
        var byName = new java.util.TreeMap<String, Long>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) { // the thread ended meanwhile
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[0-9]+$", "");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                byName.merge(name, ticks * 10, Long::sum);
            }
        }
        return byName;
    }

    private static ProcessBuilder command(Path launcher, Map<String, String> env, Path work, String... args) {
        var command = new ArrayList<>(List.of(
                launcher.toAbsolutePath().toString(),
                "-c",
                work.resolve("monitor.yaml").toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().putAll(env);
        return builder;
    }

    private static void exec(Path launcher, Map<String, String> env, Path work, String... args)
            throws IOException, InterruptedException {
        Process p = command(launcher, env, work, args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("hive-monitor " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the monitor exited at start:\n" + Files.readString(work.resolve("monitor.log")));
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the monitor did not become healthy in 120 s");
    }

    /** Kills the monitor at once (SIGKILL), as a rack that dies, and waits until its process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the monitor (pid " + process.pid() + ") did not die");
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String keep = System.getProperty("hive.bench.keepLogs");
        if (keep != null) { // -Dhive.bench.keepLogs=DIR: each monitor's log kept there, for a profile of the run
            Files.createDirectories(Path.of(keep));
            Files.copy(work.resolve("monitor.log"), Path.of(keep).resolve(work.getFileName() + ".log"));
        }
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
