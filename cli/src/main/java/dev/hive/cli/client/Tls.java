package dev.hive.cli.client;

import dev.hive.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
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

    /**
     * The context of a client of an {@code http://} monitor. The JDK's HTTP client makes the default context when it is
     * built without one, and that parses the JDK's whole trust store ({@code cacerts}): about 0.1 s of CPU at every
     * command (docs/performance.md, "Issue 17, fourth session"). This context trusts what the default one trusts, but
     * reads the trust store only if a connection ever uses TLS (a redirect to {@code https://}).
     */
    static SSLContext plain() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new DefaultTrustOnUse()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw CliException.usage("cannot set up TLS: " + e.getMessage());
        }
    }

    /** The JDK's default trust manager, made on first use. */
    static final class DefaultTrustOnUse extends X509ExtendedTrustManager {

        private X509ExtendedTrustManager delegate;

        synchronized X509ExtendedTrustManager delegate() throws CertificateException {
            if (delegate == null) {
                try {
                    TrustManagerFactory tmf =
                            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init((KeyStore) null);
                    for (TrustManager tm : tmf.getTrustManagers()) {
                        if (tm instanceof X509ExtendedTrustManager x509) {
                            delegate = x509;
                            break;
                        }
                    }
                } catch (GeneralSecurityException e) {
                    throw new CertificateException("cannot load the default trust store: " + e.getMessage(), e);
                }
                if (delegate == null) {
                    throw new CertificateException("the JDK has no default X.509 trust manager");
                }
            }
            return delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            try {
                return delegate().getAcceptedIssuers();
            } catch (CertificateException e) {
                return new X509Certificate[0];
            }
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
