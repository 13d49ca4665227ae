package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many runs submitted at once against a queue that cannot hold them all: every client either sees its run
 * finish or is refused with 503, no run is lost or counted twice, and the monitor's history agrees with what
 * the clients saw. Also the latency of {@code POST /api/v1/runs} (by hash) at that concurrency, and its
 * throughput and latency from a fixed number of clients posting back to back.
 */
final class SubmissionBench {

    private static final String OPTIONS = "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\"]},"
            + " \"probes\": {\"mode\": \"INCLUDE\", \"patterns\": [\"*0\"]}}";

    private final boolean quick;
    private final Report report;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    SubmissionBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        var report = new Report();
        new SubmissionBench(List.of(args).contains("--quick"), report).run();
        System.out.println();
        report.print(System.out);
    }

    /** What one client saw: its run id (0 when none), how its run ended, and how long the POST took. */
    private record Client(long runId, String outcome, double postMillis) {}

    void run() throws Exception {
        int clients = quick ? 16 : 64;
        int queue = quick ? 4 : 16;
        Path runner = RunnerBench.runnerJar("hive.bench.exampleRunner", Path.of("examples/rsp-probe-runner/target"));
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(runner)));
        String config = "limits:\n  queueLength: " + queue + "\n  pendingTickets: " + clients + "\n";
        try (var monitor = MonitorProcess.start(MonitorBench.RACK, config)) {
            upload(monitor, runner);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<Client>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> client(monitor, sha256)));
            }
            List<Client> seen = new ArrayList<>();
            for (Future<Client> f : futures) {
                seen.add(f.get(30, TimeUnit.MINUTES));
            }
            pool.shutdown();

            Map<String, Integer> outcomes = new HashMap<>();
            seen.forEach(c -> outcomes.merge(c.outcome(), 1, Integer::sum));
            String agreement = agreement(monitor, seen);
            report.add(
                    "load: %d runs submitted at once, queue %d".formatted(clients, queue),
                    "%d finished, %d refused 503, lost or doubled: %s"
                            .formatted(
                                    outcomes.getOrDefault("finished", 0),
                                    outcomes.getOrDefault("refused", 0),
                                    agreement),
                    "all finish or 503; none lost");
            List<Double> posts = seen.stream().map(Client::postMillis).sorted().toList();
            report.add(
                    "load: POST /api/v1/runs by hash, %d at once".formatted(clients),
                    "p50 %.1f ms, max %.1f ms".formatted(Report.median(posts), posts.get(posts.size() - 1)),
                    "");
        }
        steadySubmissions(runner, sha256);
    }

    /**
     * {@code POST /api/v1/runs} by hash from a fixed number of clients, each posting again as soon as it is
     * answered, for a fixed window: throughput and latency of the submission itself (hash check, the run's row,
     * its ticket). The tickets are never redeemed; the monitor may hold all of them.
     */
    private void steadySubmissions(Path runner, String sha256) throws Exception {
        int clients = 8;
        long window = TimeUnit.SECONDS.toNanos(quick ? 3 : 10);
        try (var monitor = MonitorProcess.start(MonitorBench.RACK, "limits:\n  pendingTickets: 1000000\n")) {
            upload(monitor, runner);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<List<Double>>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    List<Double> millis = new ArrayList<>();
                    while (System.nanoTime() - start < window) {
                        long sent = System.nanoTime();
                        HttpResponse<String> answer = postByHash(monitor, sha256);
                        if (answer.statusCode() != 201) {
                            throw new IllegalStateException(
                                    "POST answered " + answer.statusCode() + ": " + answer.body());
                        }
                        millis.add((System.nanoTime() - sent) / 1e6);
                    }
                    return millis;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> f : futures) {
                all.addAll(f.get(5, TimeUnit.MINUTES));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            all.sort(null);
            report.add(
                    "load: POST /api/v1/runs by hash, %d clients for %.0f s".formatted(clients, seconds),
                    "%.0f req/s, p50 %.1f ms, p99 %.1f ms"
                            .formatted(all.size() / seconds, Report.median(all), all.get((int)
                                    Math.min(all.size() - 1, Math.ceil(all.size() * 0.99) - 1))),
                    "");
        }
    }

    private HttpResponse<String> postByHash(MonitorProcess monitor, String sha256) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(monitor.base + "/api/v1/runs"))
                        .header("Authorization", "Bearer " + monitor.token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"sha256\": \"" + sha256 + "\", \"options\": " + OPTIONS + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The first upload of the JAR (multipart), so the clients can submit by hash. */
    private void upload(MonitorProcess monitor, Path runner) throws Exception {
        String boundary = "bench-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"runner\"; filename=\"r.jar\"\r\n"
                        + "Content-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(runner));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(monitor.base + "/api/v1/runs"))
                        .header("Authorization", "Bearer " + monitor.token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("upload answered " + answer.statusCode() + ": " + answer.body());
        }
        // Its ticket is left to expire: the run ends cancelled, and is not one of the clients'.
    }

    private Client client(MonitorProcess monitor, String sha256) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = postByHash(monitor, sha256);
        double postMillis = (System.nanoTime() - start) / 1e6;
        if (answer.statusCode() == 503) {
            return new Client(0, "refused", postMillis);
        }
        if (answer.statusCode() != 201) {
            return new Client(0, "POST " + answer.statusCode(), postMillis);
        }
        JsonNode body = json.readTree(answer.body());
        long runId = body.get("runId").asLong();
        var ended = new CompletableFuture<String>();
        try {
            http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + monitor.token)
                    .buildAsync(
                            URI.create("ws" + monitor.base.substring(4)
                                    + body.get("socket").asText()),
                            new WebSocket.Listener() {
                                private final StringBuilder text = new StringBuilder();

                                @Override
                                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                    text.append(data);
                                    if (last) {
                                        JsonNode event = readTree(text.toString());
                                        text.setLength(0);
                                        if ("ended".equals(event.path("type").asText())) {
                                            ended.complete(event.path("state").asText());
                                        }
                                    }
                                    socket.request(1);
                                    return null;
                                }

                                @Override
                                public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                                    ended.complete("closed without an end (" + status + ")");
                                    return null;
                                }
                            })
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused
                    && refused.getResponse().statusCode() == 503) {
                return new Client(runId, "refused", postMillis);
            }
            return new Client(runId, "socket: " + e.getCause(), postMillis);
        }
        return new Client(runId, ended.get(30, TimeUnit.MINUTES), postMillis);
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    /** "none" when every client's run is in the history once, in the state the client saw; else what differs. */
    private String agreement(MonitorProcess monitor, List<Client> seen) throws Exception {
        JsonNode page = json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(monitor.base + "/api/v1/runs?limit=200"))
                                .header("Authorization", "Bearer " + monitor.token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        Map<Long, String> stored = new HashMap<>();
        page.get("runs")
                .forEach(r -> stored.put(r.get("id").asLong(), r.get("state").asText()));
        List<String> problems = new ArrayList<>();
        if (page.get("runs").size() != stored.size()) {
            problems.add("a run listed twice");
        }
        for (Client c : seen) {
            if (c.runId() == 0) {
                if (!c.outcome().equals("refused")) {
                    problems.add("a client saw " + c.outcome());
                }
                continue;
            }
            String state = stored.get(c.runId());
            String expected = c.outcome().equals("refused") ? "cancelled" : c.outcome();
            if (!expected.equals(state)) {
                problems.add("run " + c.runId() + ": client saw " + c.outcome() + ", history says " + state);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the history disagrees with the clients: " + problems);
        }
        return "none";
    }
}
