package dev.hive.monitor.web;

import dev.hive.monitor.config.MetricsConfig;
import dev.hive.monitor.metrics.Metrics;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format, for loopback clients or, when {@code
 * metrics.token} is set, for any client that sends it as a Bearer token. The text is made on a worker: some
 * gauges ask the rack.
 */
final class MetricsRoute {

    private static final String BEARER = "Bearer ";

    private final Metrics metrics;
    private final Executors executors;

    MetricsRoute(Metrics metrics, Executors executors) {
        this.metrics = metrics;
        this.executors = executors;
    }

    void scrape(RoutingContext ctx) {
        MetricsConfig config = metrics.config();
        if (config.token().isPresent()) {
            String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                ctx.fail(new HttpError(401, "no metrics token; send Authorization: Bearer <metrics.token>"));
                return;
            }
            byte[] sent = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(sent, config.token().get().getBytes(StandardCharsets.UTF_8))) {
                ctx.fail(new HttpError(401, "the metrics token is wrong"));
                return;
            }
        } else if (!loopback(ctx.request().remoteAddress())) {
            ctx.fail(new HttpError(
                    403, "/metrics answers loopback clients only; set metrics.token to let others scrape with it"));
            return;
        }
        executors
                .file(metrics::scrape)
                .onSuccess(text -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, Metrics.CONTENT_TYPE)
                        .end(text))
                .onFailure(ctx::fail);
    }

    private static boolean loopback(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return false;
        }
        try {
            // a literal address: no name lookup
            return InetAddress.getByName(remote.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
