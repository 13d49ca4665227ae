package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.web.SelfSignedCertificate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under TLS, the session and CSRF cookies are Secure. */
class GraphQLTlsTest {

    @TempDir
    Path dir;

    @Test
    void cookiesAreSecureUnderTls() throws Exception {
        var certificate = SelfSignedCertificate.create(dir);
        String tls = "tls:\n  certificate: " + certificate.certificate() + "\n  key: " + certificate.key() + "\n";
        try (GraphQLMonitor monitor = GraphQLMonitor.start(dir, tls)) {
            assertThat(monitor.base).startsWith("https://");
            Browser browser = new Browser(monitor.base, certificate.trustingClient());
            assertThat(browser.login(GraphQLMonitor.ADMIN, GraphQLMonitor.PASSWORD)
                            .status())
                    .isEqualTo(200);
            assertThat(browser.setCookie("hive_session").toLowerCase())
                    .contains("; secure")
                    .contains("; httponly");
            assertThat(browser.setCookie("hive_csrf").toLowerCase()).contains("; secure");
            assertThat(browser.post("{ me { name } }")
                            .body()
                            .at("/data/me/name")
                            .asText())
                    .isEqualTo("root");
        }
    }
}
