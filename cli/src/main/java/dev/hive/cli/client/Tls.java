package dev.hive.cli.client;

import dev.hive.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The TLS context for {@code --ca-cert} (trust that authority) or {@code --insecure} (trust anything). */
final class Tls {

    private Tls() {}

    static SSLContext context(Path caCert, boolean insecure) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (insecure) {
                // The JDK client checks host names separately; this property turns that off too. It is read when the
                // HTTP client classes load, which happens after this point.
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                context.init(null, new TrustManager[] {new TrustAll()}, null);
            } else if (caCert != null) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(caCert)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + i++, c);
                    }
                    if (i == 0) {
                        throw CliException.usage("--ca-cert " + caCert + " holds no PEM certificate");
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                context.init(null, tmf.getTrustManagers(), null);
            } else {
                return SSLContext.getDefault();
            }
            return context;
        } catch (IOException e) {
            throw CliException.usage("cannot read --ca-cert " + caCert + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw CliException.usage("cannot set up TLS: " + e.getMessage());
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
