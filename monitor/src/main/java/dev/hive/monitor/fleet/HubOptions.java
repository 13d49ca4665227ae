package dev.hive.monitor.fleet;

import dev.hive.monitor.config.FleetConfig;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Options;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The jnats {@link Options} for a fleet's hub: its URLs, reconnects without end, the credentials file and,
 * with a CA certificate, TLS that trusts only that CA.
 */
final class HubOptions {

    /** How long between two attempts at the hub's URLs. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

    private HubOptions() {}

    static Options of(FleetConfig fleet, String rackId, ConnectionListener connections, ErrorListener errors) {
        Options.Builder options = new Options.Builder()
                .servers(fleet.servers().stream().map(URI::toString).toArray(String[]::new))
                .connectionName("hive-monitor " + rackId)
                // replies to this monitor only: a hub with per-rack permissions lets each user subscribe to its own
                .inboxPrefix(inboxPrefix(rackId))
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener(connections)
                .errorListener(errors);
        fleet.credentialsFile().ifPresent(f -> {
            if (!Files.isReadable(f)) {
                throw new IllegalStateException("the fleet credentials file " + f + " cannot be read");
            }
            options.credentialPath(f.toString());
        });
        fleet.caCertificate().ifPresent(ca -> options.sslContext(trusting(ca)));
        return options.build();
    }

    /** The prefix of this monitor's reply subjects ({@code _INBOX_<rackId>.}): see {@link HubPermissions}. */
    static String inboxPrefix(String rackId) {
        return "_INBOX_" + rackId;
    }

    /** {@code url} without a {@code user:password@} part, for logs and {@code /healthz}. */
    static String redacted(String url) {
        return url == null ? null : url.replaceFirst("^([A-Za-z]+://)[^@/]*@", "$1");
    }

    /** A TLS context that trusts the certificates in the PEM file {@code ca} and nothing else. */
    static SSLContext trusting(Path ca) {
        try (InputStream in = Files.newInputStream(ca)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalStateException("the fleet CA certificate " + ca + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the fleet CA certificate " + ca + ": " + e.getMessage(), e);
        }
    }
}
