package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.monitor.config.MetricsConfig;
import dev.hive.monitor.metrics.Metrics;
import dev.hive.monitor.metrics.PrometheusText;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may scrape {@code /metrics}, on a real Vert.x server on port 0 reporting into the registry it serves:
 * loopback clients without a token, any client with the configured token, nobody with a wrong or missing one.
 */
class MetricsRouteTest {

    private static final String TOKEN = "scrape-token-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private Executors executors;
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().await(10, TimeUnit.SECONDS);
        }
        if (executors != null) {
            executors.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void loopbackClientsScrapeWithoutTokenAndSeeVertxOwnHttpFigures() throws Exception {
        int port = start(MetricsConfig.DEFAULT, "127.0.0.1");
        get("http://127.0.0.1:" + port + "/metrics", null);

        HttpResponse<String> response = get("http://127.0.0.1:" + port + "/metrics", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(Metrics.CONTENT_TYPE);
        PrometheusText scrape = PrometheusText.parse(response.body());
        assertThat(scrape.sum(
                        "vertx_http_server_requests_total",
                        java.util.Map.of("route", "/metrics", "method", "GET", "code", "200")))
                .as("the first scrape, counted by Vert.x itself")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void withATokenEveryScrapeMustSendIt() throws Exception {
        int port = start(new MetricsConfig(true, Optional.of(TOKEN)), "127.0.0.1");
        String url = "http://127.0.0.1:" + port + "/metrics";

        HttpResponse<String> none = get(url, null);
        HttpResponse<String> wrong = get(url, "Bearer not-the-token-at-all");
        HttpResponse<String> right = get(url, "Bearer " + TOKEN);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none)).isEqualTo("no metrics token; send Authorization: Bearer <metrics.token>");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong)).isEqualTo("the metrics token is wrong");
        assertThat(right.statusCode()).isEqualTo(200);
        PrometheusText.parse(right.body());
    }

    @Test
    void withoutATokenOtherHostsAreRefused() throws Exception {
        Optional<InetAddress> own = ownAddress();
        assumeThat(own).as("a non-loopback IPv4 address on this host").isPresent();
        int port = start(MetricsConfig.DEFAULT, "0.0.0.0");

        HttpResponse<String> response = get("http://" + own.get().getHostAddress() + ":" + port + "/metrics", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response))
                .isEqualTo("/metrics answers loopback clients only; set metrics.token to let others scrape with it");
    }

    private int start(MetricsConfig config, String host) throws Exception {
        Metrics metrics = new Metrics(config);
        vertx = metrics.vertx();
        executors = new Executors(vertx);
        Router router = Router.router(vertx);
        router.get("/metrics").handler(new MetricsRoute(metrics, executors)::scrape);
        router.route().failureHandler(new FailureHandler(1024)::handle);
        server = vertx.createHttpServer().requestHandler(router).listen(0, host).await(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body()).get("error").asText();
    }

    private static Optional<InetAddress> ownAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
