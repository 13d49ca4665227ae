package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthAndSystemRoutesTest {

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dataDir, 1_000_000, 10);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void healthNeedsNoTokenAndReportsDatabaseAndQueue() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(java.net.URI.create(server.base + "/healthz"))
                .GET()
                .build());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("status")).isEqualTo("ok");
        assertThat(body.getString("version")).isEqualTo("0.1.0-test");
        assertThat(body.getString("database")).isEqualTo("ok");
        assertThat(body.getInteger("queueLength")).isZero();
        assertThat(body.containsKey("fleet"))
                .as("fleet mode off: no fleet in %s", body)
                .isFalse();
    }

    @Test
    void capabilitiesListProbesAndTargetsWithStates() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/capabilities");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonArray("probes").getJsonObject(0).getString("identifier"))
                .isEqualTo("rsp-probe-0");
        assertThat(body.getJsonArray("targets").getJsonObject(1).getString("state"))
                .isEqualTo("flash failed: no image");
    }

    @Test
    void theFleetIs404WithWhyOnAMonitorWithoutFleetMode() throws Exception {
        assertError(server.get("/api/v1/fleet"), 404, "this monitor is not in a fleet (fleet.enabled is false)");
    }

    @Test
    void missingTokenIs401WithHowToSendIt() throws Exception {
        HttpResponse<String> r =
                server.send(HttpRequest.newBuilder(java.net.URI.create(server.base + "/api/v1/capabilities"))
                        .GET()
                        .build());

        assertError(r, 401, "no API token; send Authorization: Bearer <token>");
    }

    @Test
    void unknownTokenIs401() throws Exception {
        assertError(withToken("not-a-token"), 401, "the API token is not known to this monitor");
    }

    @Test
    void revokedTokenIs401() throws Exception {
        String plaintext = server.tokens.create("revoked", "", Optional.empty()).plaintext();
        server.tokens.revoke("revoked");

        assertError(withToken(plaintext), 401, "the API token has been revoked");
    }

    @Test
    void expiredTokenIs401() throws Exception {
        String plaintext = server.tokens
                .create("expired", "", Optional.of(Instant.now().minusSeconds(60)))
                .plaintext();

        assertError(withToken(plaintext), 401, "the API token has expired");
    }

    @Test
    void unknownRouteIsJson404() throws Exception {
        assertError(server.get("/api/v1/nothing-here"), 404, "no such route: GET /api/v1/nothing-here");
    }

    @Test
    void aWrongMethodIsJson405() throws Exception {
        HttpResponse<String> r = server.send(server.request("/api/v1/capabilities")
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());

        assertError(r, 405, "method PUT is not allowed on /api/v1/capabilities");
    }

    private static HttpResponse<String> withToken(String token) throws Exception {
        return server.send(HttpRequest.newBuilder(java.net.URI.create(server.base + "/api/v1/capabilities"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    }

    static void assertError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getInteger("status")).isEqualTo(status);
        assertThat(body.getString("error")).isEqualTo(message);
    }
}
