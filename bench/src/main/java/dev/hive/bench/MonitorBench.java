package dev.hive.bench;

import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.RunEventCodec;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.run.RunPhase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitor as a user meets it: the packaged monitor ({@code monitor/bin/hive-monitor serve}) in its own
 * process with a virtual rack of two boards, driven over loopback HTTP and WebSocket.
 *
 * <ul>
 *   <li>From redeeming a WebSocket ticket to the runner being started (the {@code RUNNING} phase, sent just
 *       before the sandboxed runner process is spawned), with the rack unchanged; and to the runner's first
 *       test (its JVM up and connected).
 *   <li>{@code GET /api/v1/capabilities} under 50 concurrent connections from wrk: latency percentiles.
 *   <li>The monitor's resident memory when idle, after those runs.
 * </ul>
 */
final class MonitorBench {

    static final String RACK =
            """
            name: monitor-bench
            backend: virtual
            channels: 2
            stacks:
              - name: a
                targets: [lm3s6965evb, sifive_e]
            """;

    /** One cell: the run measures the monitor's path, not the length of the example suite. */
    static final String OPTIONS =
            """
            {"targets": {"mode": "INCLUDE", "patterns": ["lm3s6965evb"]},
             "probes": {"mode": "INCLUDE", "patterns": ["*0"]}}""";

    private static final RunEventCodec CODEC = new RunEventCodec();

    private final boolean quick;
    private final Report report;
    private final HttpClient http = HttpClient.newHttpClient();

    MonitorBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        var report = new Report();
        new MonitorBench(List.of(args).contains("--quick"), report).run();
        System.out.println();
        report.print(System.out);
    }

    void run() throws Exception {
        Path runner = RunnerBench.runnerJar("hive.bench.exampleRunner", Path.of("examples/rsp-probe-runner/target"));
        try (var monitor = MonitorProcess.start(RACK)) {
            var toRunning = new ArrayList<Double>();
            var toFirstTest = new ArrayList<Double>();
            int rounds = quick ? 2 : 8;
            for (int i = 0; i < rounds; i++) {
                double[] times = timedRun(monitor.base, monitor.token, runner);
                toRunning.add(times[0]);
                toFirstTest.add(times[1]);
            }
            report.add(
                    "monitor: ticket -> runner started (rack unchanged)",
                    "median %.0f ms, max %.0f ms (%d runs)"
                            .formatted(
                                    Report.median(toRunning),
                                    toRunning.stream().mapToDouble(d -> d).max().orElse(0),
                                    rounds),
                    "< 500 ms");
            report.add(
                    "monitor: ticket -> runner's first test",
                    "median %.0f ms".formatted(Report.median(toFirstTest)),
                    "(JVM start + connect)");

            String url = monitor.base + "/api/v1/capabilities";
            wrk(url, monitor.token, quick ? 3 : 10); // warm-up: JIT, connection pools
            Map<String, String> latency = wrk(url, monitor.token, quick ? 5 : 20);
            report.add(
                    "monitor: GET capabilities, 50 connections (wrk)",
                    "p50 %s, p99 %s, %s req/s".formatted(latency.get("50%"), latency.get("99%"), latency.get("rps")),
                    "p99 < 20 ms");

            idle(quick ? 3 : 15);
            report.add("monitor: idle resident memory", "%d MB".formatted(monitor.rssKb() / 1024), "< 300 MB");
        }
    }

    /** Submits a run, then answers [ticket → RUNNING, ticket → first testStarted] in milliseconds. */
    double[] timedRun(String base, String token, Path runner) throws Exception {
        String boundary = "bench-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"runner\"; filename=\"r.jar\"\r\n"
                        + "Content-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(runner));
        body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"options\"\r\n\r\n" + OPTIONS
                        + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 201) {
            throw new IllegalStateException("submit answered " + submitted.statusCode() + ": " + submitted.body());
        }
        Matcher ticket = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"").matcher(submitted.body());
        if (!ticket.find()) {
            throw new IllegalStateException("no ticket in " + submitted.body());
        }
        var seen = new ConcurrentHashMap<String, Long>();
        var ended = new CompletableFuture<RunEnded>();
        long start = System.nanoTime();
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(
                        URI.create("ws" + base.substring(4) + "/api/v1/runs/socket?ticket=" + ticket.group(1)),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    long now = System.nanoTime();
                                    RunEvent event = CODEC.decode(text.toString());
                                    text.setLength(0);
                                    if (event instanceof PhaseChanged p && p.phase() == RunPhase.RUNNING) {
                                        seen.putIfAbsent("running", now);
                                    } else if (event instanceof TestStarted) {
                                        seen.putIfAbsent("test", now);
                                    } else if (event instanceof RunEnded e) {
                                        ended.complete(e);
                                    }
                                }
                                socket.request(1);
                                return null;
                            }
                        })
                .join();
        RunEnded end = ended.get(5, TimeUnit.MINUTES);
        if (!end.state().equals("finished") || !seen.containsKey("running") || !seen.containsKey("test")) {
            throw new IllegalStateException("the benchmark run did not run its tests: " + end);
        }
        return new double[] {
            (seen.get("running") - start) / 1e6, (seen.get("test") - start) / 1e6,
        };
    }

    /** wrk's latency percentiles and request rate for {@code url} with 50 connections. */
    static Map<String, String> wrk(String url, String token, int seconds) throws Exception {
        Process p = new ProcessBuilder(
                        "wrk",
                        "-t2",
                        "-c50",
                        "-d" + seconds + "s",
                        "--latency",
                        "-H",
                        "Authorization: Bearer " + token,
                        url)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        var figures = new java.util.HashMap<String, String>();
        Matcher m =
                Pattern.compile("^\\s*(50%|99%)\\s+(\\S+)", Pattern.MULTILINE).matcher(out);
        while (m.find()) {
            figures.put(m.group(1), m.group(2));
        }
        Matcher rps = Pattern.compile("Requests/sec:\\s+(\\S+)").matcher(out);
        figures.put("rps", rps.find() ? rps.group(1) : "?");
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (non2xx.find() || !figures.containsKey("99%")) {
            throw new IllegalStateException("wrk saw errors or printed no latency:\n" + out);
        }
        return figures;
    }

    private static void idle(int seconds) throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(seconds).toMillis()); // idle is the point: nothing to await
    }
}
