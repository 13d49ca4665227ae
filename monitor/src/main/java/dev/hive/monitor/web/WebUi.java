package dev.hive.monitor.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard's files ({@code webui/}, packaged under {@code META-INF/hive-webui/} of the hive-webui JAR),
 * served at {@code /} with a fallback to {@code index.html} for the UI's own routes. Mounted after every API
 * route, so what the UI does not hold stays a JSON 404. Without a built UI (built with {@code
 * -Dskip.webui=true}) a browser gets a short page saying so; the APIs work the same.
 */
final class WebUi {

    static final String ROOT = "META-INF/hive-webui";

    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
    /** Every GET path but the APIs' (theirs keep their own 404 and 405 answers). */
    private static final String UI_PATHS = "^(?!" + ApiServer.API + "/|/graphql|/healthz).*";

    private static final String CSP =
            "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'";

    private final boolean built = WebUi.class.getClassLoader().getResource(ROOT + "/index.html") != null;

    void mount(Router router) {
        if (!built) {
            LOG.warn("the web UI is not in this build (built with -Dskip.webui=true?); / answers 503");
        }
        router.getWithRegex(UI_PATHS).handler(this::headers);
        if (built) {
            router.getWithRegex(UI_PATHS)
                    .handler(StaticHandler.create(ROOT)
                            .setIndexPage("index.html")
                            .setCachingEnabled(false)
                            .setDirectoryListing(false));
        }
        router.getWithRegex(UI_PATHS).handler(this::fallback);
    }

    private void headers(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader(
                        HttpHeaders.CACHE_CONTROL,
                        ctx.normalizedPath().startsWith("/assets/")
                                ? "public, max-age=31536000, immutable"
                                : "no-cache");
        ctx.next();
    }

    /** A page route of the UI (not a file, not an API): the UI's index, which routes in the browser. */
    private void fallback(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/html")) {
            ctx.next();
            return;
        }
        if (built) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8");
            ctx.response().sendFile(ROOT + "/index.html");
        } else {
            ctx.response()
                    .setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .end("<!doctype html><title>Hive</title><p>This monitor was built without its web UI"
                            + " (-Dskip.webui=true). The HTTP API and /healthz work; see docs/api.md.</p>");
        }
    }
}
