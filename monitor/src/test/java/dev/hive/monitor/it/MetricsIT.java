package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.monitor.metrics.PrometheusText;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a real monitor with a virtual rack, scraped over HTTP and parsed strictly, before and after
 * one run of the example candidate: the figures match what happened. The sample Grafana dashboard and
 * docs/metrics.md are checked against the same scrape.
 */
class MetricsIT {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Set<String> PROMQL_WORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless");

    @TempDir
    static Path dir;

    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, "");
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void theFiguresOfOneRunAreScrapedAndTheDashboardAndDocsNameOnlyExportedMetrics() throws Exception {
        PrometheusText before = scrape();
        assertThat(before.value("hive_queue_length", Map.of())).isZero();
        assertThat(before.sum("hive_runs_total", Map.of())).isZero();
        assertThat(before.value("hive_targets", Map.of("state", "ready"))).isEqualTo(2);

        RunStream stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        Map<String, Double> byStatus = new HashMap<>();
        stream.all(TestFinished.class)
                .forEach(f -> byStatus.merge(f.result().status().name().toLowerCase(Locale.ROOT), 1.0, Double::sum));

        // The run's end is told before RESTORING's reflash ends (docs/performance.md): await the reflash.
        PrometheusText after = scrapeUntil(
                p -> p.sum("hive_flashes_total", Map.of()) >= 2
                        && p.sum("hive_run_duration_seconds_count", Map.of()) >= 1,
                Duration.ofMinutes(1));
        Files.writeString(Path.of("target", "metrics-it-scrape.txt"), lastScrape); // for a look by hand

        assertThat(after.value("hive_queue_length", Map.of())).isZero();
        assertThat(after.byLabel("hive_runs_total", "outcome"))
                .containsEntry("passed", 1.0)
                .containsEntry("tests_failed", 0.0)
                .containsEntry("error", 0.0)
                .containsEntry("cancelled", 0.0);
        assertThat(after.byLabel("hive_test_results_total", "status")).isEqualTo(byStatus);
        assertThat(after.value("hive_run_duration_seconds_count", Map.of("outcome", "passed")))
                .isEqualTo(1);
        assertThat(after.value("hive_run_duration_seconds_sum", Map.of("outcome", "passed")))
                .isPositive();
        for (String phase : List.of("preparing", "running", "collecting", "restoring")) {
            assertThat(after.value("hive_run_phase_duration_seconds_count", Map.of("phase", phase)))
                    .as(phase)
                    .isEqualTo(1);
        }
        assertThat(after.value("hive_targets", Map.of("state", "ready"))).isEqualTo(2);
        double flashed = after.sum("hive_flashes_total", Map.of());
        double flashOps = after.value("hive_flash_duration_seconds_count", Map.of());
        assertThat(flashed).as("RESTORING reflashes both targets").isGreaterThanOrEqualTo(2);
        assertThat(after.value("hive_flashes_total", Map.of("outcome", "error")))
                .isZero();
        assertThat(flashOps).isBetween(1.0, flashed);
        // Vert.x's own figures: the submission, and the run's WebSocket while it was open
        assertThat(after.sum(
                        "vertx_http_server_requests_total",
                        Map.of("method", "POST", "route", "/api/v1/runs", "code", "201")))
                .isEqualTo(1);
        assertThat(after.sampleNames()).contains("vertx_http_server_active_ws_connections");

        checkDashboard(after.sampleNames());
        checkDocs(after);
    }

    /** Every expression of the sample dashboard names only metrics this monitor exports. */
    private static void checkDashboard(Set<String> exported) throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(DOCS.resolve("grafana-dashboard.json").toFile());
        List<String> exprs = dashboard.findValuesAsText("expr");
        assertThat(exprs).as("the dashboard's queries").hasSizeGreaterThanOrEqualTo(8);
        for (String expr : exprs) {
            Set<String> names = metricNames(expr);
            assertThat(names).as("metrics in %s", expr).isNotEmpty();
            assertThat(exported).as("exported metrics, for %s", expr).containsAll(names);
        }
    }

    /** docs/metrics.md lists every hive_* family the monitor exports, and no other. */
    private static void checkDocs(PrometheusText scrape) throws Exception {
        String doc = Files.readString(DOCS.resolve("metrics.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| `(hive_[a-z_]+)`", Pattern.MULTILINE).matcher(doc);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> families = new TreeSet<>();
        scrape.types().keySet().stream().filter(f -> f.startsWith("hive_")).forEach(families::add);
        assertThat(documented).isEqualTo(families);
    }

    /** The metric names in a PromQL expression: identifiers outside label matchers, ranges and by-clauses. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ")
                .replaceAll("\"[^\"]*\"", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\()?").matcher(bare);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !PROMQL_WORDS.contains(word) && !word.matches("[0-9eE]+")) {
                names.add(word);
            }
        }
        return names;
    }

    private static String lastScrape;

    /** Scrapes until {@code done} holds for the figures, or {@code limit} has passed: answers the last scrape. */
    private static PrometheusText scrapeUntil(java.util.function.Predicate<PrometheusText> done, Duration limit)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        PrometheusText figures = scrape();
        while (!done.test(figures) && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling a scrape: nothing to wait on from outside the monitor
            figures = scrape();
        }
        return figures;
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> response = live.http.send(
                HttpRequest.newBuilder(URI.create(live.base + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        lastScrape = response.body();
        return PrometheusText.parse(response.body());
    }
}
