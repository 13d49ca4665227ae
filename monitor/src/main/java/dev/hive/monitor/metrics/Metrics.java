package dev.hive.monitor.metrics;

import dev.hive.monitor.config.MetricsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One monitor's meter registry (Prometheus) and the Vert.x instance that reports into it. Vert.x's meters
 * ({@code vertx_http_server_*}, WebSocket connections, worker pools, JVM) come from vertx-micrometer-metrics;
 * the monitor's own ({@code hive_*}) are registered here by {@link RunMetrics}, {@link FlashMetrics} and
 * {@link StateGauges}. Each monitor has its own registry, so two monitors in one JVM (tests) never mix figures.
 */
public final class Metrics {

    /** The content type of {@link #scrape()}: the Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricsConfig config;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StateGauges gauges = new StateGauges(registry);

    public Metrics(MetricsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        // Vert.x Web reports every route a request passed ("/api/v1/>/api/v1/>/api/v1/runs": the token check and
        // the body handler first); the series are named by the route that answered.
        registry.config().meterFilter(MeterFilter.replaceTagValues("route", Metrics::answeringRoute));
    }

    /** The last of the routes Vert.x Web joined with {@code >}. */
    static String answeringRoute(String routes) {
        return routes.substring(routes.lastIndexOf('>') + 1);
    }

    public MetricsConfig config() {
        return config;
    }

    /**
     * A Vert.x instance whose HTTP server, WebSocket and pool meters go into this registry (labelled by HTTP
     * method, route and status code, pools by type and name; never by path or remote address, which would grow
     * without bound). With metrics disabled, a plain one.
     */
    public Vertx vertx() {
        if (!config.enabled()) {
            return Vertx.vertx();
        }
        MicrometerMetricsOptions options = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setRegistryName("hive-" + UUID.randomUUID())
                .setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(
                        Label.HTTP_METHOD, Label.HTTP_ROUTE, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /** The registry, for meters of other features (e.g. lease counters); names start with {@code hive.}. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Gauges by state (targets by health, leases by state): the hook for features that keep a state per thing. */
    public StateGauges gauges() {
        return gauges;
    }

    /** Registers {@code hive_queue_length}: runs waiting for the rack. */
    public void queueLength(Supplier<Number> length) {
        Gauge.builder("hive.queue.length", length)
                .description("Runs waiting in the queue for the rack")
                .register(registry);
    }

    /**
     * Every meter in the Prometheus text format. Gauges are read now, and some ask the rack: call it from a
     * worker, not from an event loop.
     */
    public String scrape() {
        return registry.scrape();
    }
}
