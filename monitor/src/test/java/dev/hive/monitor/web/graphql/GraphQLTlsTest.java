package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under TLS, the session and CSRF cookies are Secure. */
class GraphQLTlsTest {

    @TempDir
    Path dir;

    @Test
    void cookiesAreSecureUnderTls() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
        String tls = "tls:\n  certificate: " + cert + "\n  key: " + key + "\n";
        try (GraphQLMonitor monitor = GraphQLMonitor.start(dir, tls)) {
            assertThat(monitor.base).startsWith("https://");
            Browser browser = new Browser(monitor.base, trusting(cert));
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

    private static HttpClient trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry(
                    "monitor", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
