package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CLI's own share of a warm {@code hive test}, variants side by side (not part of {@code bench/run}): the
 * example on a packaged monitor with a small virtual rack (1 channel × 2 targets, 24 results); each variant is a
 * {@code hive} launcher with its own cache directory (its runner built and listed, its class-data archive made, the
 * monitor holding its runner and that runner's archive before the first measured round). Each round runs every
 * variant once, starting with a different one each round; per variant it prints the medians of the wall, the CLI
 * process's user + system CPU (with the {@code git} processes it waits for), the wall outside the run as the
 * monitor timed it ({@code startedAt} to {@code finishedAt}), and the CLI's own trace ({@code HIVE_CLI_TRACE=1}).
 * A variant whose launcher uses the CLI's daemon (the default; {@code HIVE_DAEMON=off} for none) is warmed by the
 * same two runs (the second starts the daemon); its CPU adds the daemon's (user + system, with the {@code git}
 * processes it waits for) during the command, and its trace is the daemon's line (wall and CPU of the request).
 * Every daemon is stopped at the end.
 *
 * <p>{@code java -cp ... dev.hive.bench.CliShareBench ROUNDS NAME=LAUNCHER[,VAR=VALUE...] ...}, e.g. {@code
 * after=cli/bin/hive before=/tmp/old/cli/bin/hive nocds=cli/bin/hive,HIVE_CLI_CDS=off}, or {@code
 * daemon=cli/bin/hive plain=cli/bin/hive,HIVE_DAEMON=off}.
 */
public final class CliShareBench {

    static final String RACK =
            """
            name: bench-cli
            backend: virtual
            channels: 1
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, lm3s6965evb]
            """;

    private static final String TRACE = "hive cli trace (ms since JVM start): ";
    private static final java.util.regex.Pattern DAEMON_TRACE = java.util.regex.Pattern.compile(
            "hive cli daemon: request \\d+ served by pid \\d+ in (\\d+) ms; cpu (\\d+) ms");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliShareBench() {}

    private record Variant(String name, Path launcher, Map<String, String> env, Path cache) {}

    /** One measured {@code hive test}. */
    private record Measured(long wall, long cpu, long outside, Map<String, Long> trace) {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path work = Files.createTempDirectory("hive-cli-share-");
        var variants = new ArrayList<Variant>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            String[] nameRest = arg.split("=", 2);
            String[] parts = nameRest[1].split(",");
            var env = new LinkedHashMap<String, String>();
            for (String setting : List.of(parts).subList(1, parts.length)) {
                String[] kv = setting.split("=", 2);
                env.put(kv[0], kv[1]);
            }
            variants.add(new Variant(
                    nameRest[0], Path.of(parts[0]).toAbsolutePath(), env, work.resolve("cache-" + nameRest[0])));
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        var measured = new LinkedHashMap<String, List<Measured>>();
        try (var monitor = MonitorProcess.start(RACK);
                AutoCloseable cleanUp = () -> delete(work);
                AutoCloseable stopDaemons = () -> stopDaemons(variants)) {
            for (Variant v : variants) {
                hiveTest(monitor, v, work); // builds the runner, uploads it, dumps the CLI's archive
                hiveTest(monitor, v, work); // puts the CLI's archive in place
            }
            awaitRunnerArchives(monitor);
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((round + i) % variants.size());
                    measured.computeIfAbsent(v.name(), n -> new ArrayList<>()).add(hiveTest(monitor, v, work));
                }
            }
        }
        print(rounds, loadBefore, measured);
    }

    private static void print(int rounds, String loadBefore, Map<String, List<Measured>> measured) throws Exception {
        System.out.printf(
                "%n%d rounds; load average before %s, after %s%n",
                rounds, loadBefore, Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf("%-16s %10s %10s %16s%n", "variant", "wall", "CLI CPU", "wall outside run");
        for (var e : measured.entrySet()) {
            System.out.printf(
                    "%-16s %10.0f %10.0f %16.0f   (medians, ms; CPU per round: %s)%n",
                    e.getKey(),
                    median(e.getValue(), Measured::wall),
                    median(e.getValue(), Measured::cpu),
                    median(e.getValue(), Measured::outside),
                    e.getValue().stream().map(m -> Long.toString(m.cpu())).toList());
        }
        var steps = new ArrayList<String>();
        measured.values()
                .forEach(ms -> ms.forEach(m -> m.trace().keySet().stream()
                        .filter(s -> !steps.contains(s))
                        .forEach(steps::add)));
        if (steps.isEmpty()) {
            return;
        }
        System.out.printf("%nthe CLI's trace, medians of ms since its JVM started%n%-14s", "step");
        measured.keySet().forEach(name -> System.out.printf(" %12s", name));
        System.out.println();
        for (String step : steps) {
            System.out.printf("%-14s", step);
            for (List<Measured> ms : measured.values()) {
                List<Double> at = ms.stream()
                        .filter(m -> m.trace().containsKey(step))
                        .map(m -> (double) m.trace().get(step))
                        .toList();
                System.out.printf(" %12s", at.isEmpty() ? "-" : "%.0f".formatted(Report.median(at)));
            }
            System.out.println();
        }
    }

    private static double median(List<Measured> runs, java.util.function.ToLongFunction<Measured> figure) {
        return Report.median(
                runs.stream().map(m -> (double) figure.applyAsLong(m)).toList());
    }

    private static Measured hiveTest(MonitorProcess monitor, Variant v, Path work) throws Exception {
        Path json = Files.createTempFile(work, "run-", ".json");
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        var command = new ProcessBuilder(
                        v.launcher().toString(), "test", "examples/rsp-probe", "--json", json.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        command.environment().put("HIVE_URL", monitor.base);
        command.environment().put("HIVE_TOKEN", monitor.token);
        command.environment().put("XDG_CACHE_HOME", v.cache().toString());
        command.environment().put("XDG_CONFIG_HOME", v.cache().resolve("config").toString());
        command.environment().put("HIVE_CLI_TRACE", "1");
        command.environment().putAll(v.env());
        long daemon = daemonPid(v);
        long cpuBefore = childrenCpuMillis() + processCpuMillis(daemon);
        long start = System.nanoTime();
        Process hive = command.start();
        if (!hive.waitFor(10, TimeUnit.MINUTES) || hive.exitValue() != 0) {
            throw new IllegalStateException(
                    "hive test (" + v.name() + ") failed:\n" + Files.readString(out) + Files.readString(err));
        }
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long cpu = childrenCpuMillis() + processCpuMillis(daemon) - cpuBefore;
        JsonNode run = JSON.readTree(json.toFile());
        long runMillis = Instant.parse(run.get("finishedAt").asText()).toEpochMilli()
                - Instant.parse(run.get("startedAt").asText()).toEpochMilli();
        return new Measured(wall, cpu, wall - runMillis, trace(Files.readString(err, StandardCharsets.UTF_8)));
    }

    /** The steps of the CLI's trace line, in its order; empty for a CLI without the trace. */
    static Map<String, Long> trace(String stderr) {
        var steps = new LinkedHashMap<String, Long>();
        for (String line : stderr.split("\n")) {
            var daemon = DAEMON_TRACE.matcher(line);
            if (daemon.find()) {
                steps.put("daemon-wall", Long.parseLong(daemon.group(1)));
                steps.put("daemon-cpu", Long.parseLong(daemon.group(2)));
            }
            if (line.startsWith(TRACE)) {
                String[] stepsAndCpu = line.substring(TRACE.length()).split("; cpu ");
                for (String step : stepsAndCpu[0].split(", ")) {
                    int space = step.lastIndexOf(' ');
                    steps.put(step.substring(0, space), Long.parseLong(step.substring(space + 1)));
                }
                steps.put(
                        "jvm-cpu",
                        Long.parseLong(stepsAndCpu[1].replace(" ms", "").strip()));
            }
        }
        return steps;
    }

    /** Waits (at most 2 minutes) until the monitor holds a class-data archive of every runner JAR it holds. */
    private static void awaitRunnerArchives(MonitorProcess monitor) throws Exception {
        Path runners = monitor.work.resolve("data").resolve("runners");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(runners)) {
                if (files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .allMatch(jar -> Files.isRegularFile(jar.resolveSibling(jar.getFileName() + ".jsa.size")))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the monitor made no class-data archive of a runner within 2 minutes");
    }

    /** The pid of the daemon of {@code v}'s cache that serves (its pid file), or -1 when none does. */
    private static long daemonPid(Variant v) throws java.io.IOException {
        Path root = v.cache().resolve("hive/daemon");
        if (!Files.isDirectory(root)) {
            return -1;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path pid :
                    dirs.map(d -> d.resolve("pid")).filter(Files::isRegularFile).toList()) {
                long value = Long.parseLong(Files.readString(pid).strip());
                if (ProcessHandle.of(value).map(ProcessHandle::isAlive).orElse(false)) {
                    return value;
                }
            }
        }
        return -1;
    }

    /**
     * The user + system CPU of process {@code pid} and of its children that have ended (fields 14 to 17 of its {@code
     * /proc/PID/stat}); 0 for -1 or a process that is gone.
     */
    private static long processCpuMillis(long pid) {
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) {
                ticks += Long.parseLong(fields[i]);
            }
            return ticks * 10;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Stops the daemons the variants' launchers started ({@code hive daemon stop} with each one's cache). */
    private static void stopDaemons(List<Variant> variants) throws Exception {
        for (Variant v : variants) {
            var stop = new ProcessBuilder(v.launcher().toString(), "daemon", "stop")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            stop.environment().put("XDG_CACHE_HOME", v.cache().toString());
            stop.environment()
                    .put("XDG_CONFIG_HOME", v.cache().resolve("config").toString());
            Process process = stop.start();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    /** The user + system CPU of this process's children that have ended (fields 16 and 17 of /proc/self/stat). */
    private static long childrenCpuMillis() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
