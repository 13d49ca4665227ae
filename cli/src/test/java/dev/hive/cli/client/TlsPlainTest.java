package dev.hive.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** The context of an http:// monitor's client trusts what the JDK's default trusts, once TLS is used at all. */
class TlsPlainTest {

    @Test
    void theTrustManagerMadeOnUseTrustsTheDefaultIssuersAndRejectsWhatTheDefaultRejects() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        X509TrustManager jdk = (X509TrustManager) tmf.getTrustManagers()[0];
        var onUse = new Tls.DefaultTrustOnUse();
        assertThat(onUse.getAcceptedIssuers())
                .hasSameSizeAs(jdk.getAcceptedIssuers())
                .isNotEmpty();
        assertThat(Tls.plain().getProtocol()).isEqualTo("TLS");
        X509Certificate anyIssuer = jdk.getAcceptedIssuers()[0];
        // Whatever the JDK's trust manager answers for a chain, the one made on use answers the same.
        Throwable fromJdk = failure(() -> jdk.checkServerTrusted(new X509Certificate[] {anyIssuer}, "UNKNOWN"));
        Throwable fromOnUse = failure(() -> onUse.checkServerTrusted(new X509Certificate[] {anyIssuer}, "UNKNOWN"));
        assertThat(fromOnUse == null).isEqualTo(fromJdk == null);
        assertThatThrownBy(() -> onUse.checkServerTrusted(new X509Certificate[0], "RSA"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    interface Check {
        void run() throws CertificateException;
    }

    private static Throwable failure(Check check) {
        try {
            check.run();
            return null;
        } catch (CertificateException | RuntimeException e) {
            return e;
        }
    }
}
