package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate and key configured, the monitor serves HTTPS, and only HTTPS, on its port. */
class TlsTest {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        var certificate = SelfSignedCertificate.create(dir);
        server = new TestServer(
                dir.resolve("data"),
                1 << 20,
                5,
                Optional.of(certificate.certificate()),
                Optional.of(certificate.key()),
                certificate.trustingClient());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersOverHttpsWithTheConfiguredCertificate() throws Exception {
        assertThat(server.base).startsWith("https://");
        HttpResponse<String> health = server.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/capabilities").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(server.base + "/healthz")).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoAnswer() {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(server.base.replace("https://", "http://") + "/healthz"))
                .timeout(java.time.Duration.ofSeconds(10))
                .build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
