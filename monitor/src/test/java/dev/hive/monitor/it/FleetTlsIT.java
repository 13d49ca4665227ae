package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.config.FleetConfig;
import dev.hive.monitor.fleet.FleetLink;
import dev.hive.monitor.fleet.FleetStatus;
import dev.hive.protocol.fleet.testing.NatsHub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet.tls.caCertificate}: a real {@code nats-server} that requires TLS, with a certificate signed by
 * a CA made here with {@code openssl}. The link connects when it trusts that CA, and refuses a hub whose
 * certificate another CA signed, saying why in its status.
 */
class FleetTlsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static NatsHub hub;
    private static final List<FleetLink> LINKS = new ArrayList<>();

    @BeforeAll
    static void startHub() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        ca(pki, "ca");
        ca(pki, "other-ca");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(
                pki,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1");
        openssl(
                pki,
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "1",
                "-extfile",
                "san.ext");
        hub = NatsHub.start(
                dir.resolve("hub"),
                List.of(
                        "--tls",
                        "--tlscert",
                        pki.resolve("server.pem").toString(),
                        "--tlskey",
                        pki.resolve("server.key").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (FleetLink link : LINKS) {
            link.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aLinkThatTrustsTheHubsCaConnectsOverTls() throws Exception {
        FleetLink link = link(dir.resolve("pki/ca.pem"));
        FleetStatus status = await(link, s -> s.state() == FleetStatus.State.CONNECTED);
        assertThat(status.state()).as("%s", status).isEqualTo(FleetStatus.State.CONNECTED);
        assertThat(status.server()).hasValueSatisfying(s -> assertThat(s).contains(Integer.toString(hub.port())));
    }

    @Test
    void aHubSignedByAnotherCaIsRefusedWithTheReason() throws Exception {
        FleetLink link = link(dir.resolve("pki/other-ca.pem"));
        FleetStatus status = await(link, s -> s.lastError().isPresent());
        assertThat(status.lastError()).as("%s", status).hasValueSatisfying(e -> assertThat(e)
                .contains("cannot reach the hub")
                .contains("certification path"));
        assertThat(status.state()).as("%s", status).isEqualTo(FleetStatus.State.CONNECTING);
        assertThat(link.connection()).isEmpty();
    }

    private static FleetLink link(Path ca) {
        var config = new FleetConfig(
                true,
                List.of(URI.create("tls://127.0.0.1:" + hub.port())),
                Optional.empty(),
                Optional.of("tls-it"),
                "lab-it",
                Optional.of(ca),
                Duration.ofSeconds(15));
        var link = new FleetLink(config, "tls-it", Clock.systemUTC());
        LINKS.add(link);
        link.start();
        return link;
    }

    private static FleetStatus await(FleetLink link, Predicate<FleetStatus> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        FleetStatus status = link.status();
        while (!done.test(status) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = link.status();
        }
        return status;
    }

    private static void ca(Path pki, String name) throws IOException, InterruptedException {
        openssl(
                pki,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".pem",
                "-days",
                "1",
                "-subj",
                "/CN=hive fleet test " + name);
    }

    private static void openssl(Path pki, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(pki.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
