package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The monitor serves the built web UI at {@code /}, its routes, and its assets; APIs stay JSON. */
class WebUiTest {

    @TempDir
    static Path dir;

    static TestServer server;

    /** False only in a build with {@code -Dskip.webui=true} (never in CI, which builds the UI). */
    static final boolean BUILT = WebUiTest.class.getClassLoader().getResource(WebUi.ROOT + "/index.html") != null;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 1 << 20, 5);
    }

    @BeforeEach
    void onlyWithTheUi(TestInfo test) {
        if (!test.getTestMethod().orElseThrow().getName().startsWith("withoutTheUi")) {
            assumeTrue(BUILT, "this build has no web UI (-Dskip.webui=true)");
        }
    }

    @Test
    void withoutTheUiABrowserIsToldSoAndTheApisWork() throws Exception {
        HttpResponse<String> index = browse("/");
        if (BUILT) {
            assertThat(index.statusCode()).isEqualTo(200);
        } else {
            assertThat(index.statusCode()).isEqualTo(503);
            assertThat(index.body()).contains("built without its web UI");
        }
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> browse(String path) throws Exception {
        return server.send(HttpRequest.newBuilder(URI.create(server.base + path))
                .header("Accept", "text/html,application/xhtml+xml")
                .GET()
                .build());
    }

    @Test
    void theIndexIsServedWithItsSecurityHeaders() throws Exception {
        HttpResponse<String> index = browse("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<div id=\"app\"");
        assertThat(index.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
    }

    @Test
    void aRouteOfTheUiGetsTheIndexSoTheBrowserCanRouteIt() throws Exception {
        HttpResponse<String> run = browse("/runs/42");
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(run.body()).isEqualTo(browse("/").body());
    }

    @Test
    void assetsAreCachedForever() throws Exception {
        Matcher asset =
                Pattern.compile("/assets/[^\"]+\\.js").matcher(browse("/").body());
        assertThat(asset.find()).isTrue();
        HttpResponse<String> js = server.send(HttpRequest.newBuilder(URI.create(server.base + asset.group()))
                .GET()
                .build());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(js.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
    }

    @Test
    void whatIsNeitherAFileNorAPageStaysAJson404() throws Exception {
        HttpResponse<String> missing = server.send(HttpRequest.newBuilder(URI.create(server.base + "/nothing.js"))
                .GET()
                .build());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\"");

        HttpResponse<String> api = server.send(server.request("/api/v1/nothing")
                .header("Accept", "text/html")
                .GET()
                .build());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).contains("no such route");
    }
}
