package dev.hive.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.sandbox.SandboxMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("monitor.yaml"), yaml);
    }

    @Test
    void defaultsWithoutFileOrEnvironment() {
        MonitorConfig c = new ConfigLoader(Map.of()).load(Optional.empty());
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.tlsEnabled()).isFalse();
        assertThat(c.rackFile()).isEqualTo(Path.of("rack.yaml"));
        assertThat(c.limits().ticketLifetime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.limits().queueLength()).isEqualTo(8);
        assertThat(c.limits().logRetentionRows()).isEqualTo(100_000);
        assertThat(c.sandbox()).isEqualTo(SandboxMode.AUTO);
        assertThat(c.sessionLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(c.databaseFile()).isEqualTo(Path.of("data", "hive.db"));
    }

    @Test
    void fileValuesAreReadAndRelativePathsResolvedAgainstTheFile() throws IOException {
        Path f = file(
                """
                dataDir: var/hive
                http:
                  port: 9000
                  bindAddress: 127.0.0.1
                tls:
                  certificate: tls/cert.pem
                  key: /etc/hive/key.pem
                limits:
                  queueLength: 3
                  ticketLifetimeSeconds: 5
                sandbox: bubblewrap
                """);
        MonitorConfig c = new ConfigLoader(Map.of()).load(Optional.of(f));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("var/hive"));
        assertThat(c.httpPort()).isEqualTo(9000);
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.tlsCertificate()).contains(dir.resolve("tls/cert.pem"));
        assertThat(c.tlsKey()).contains(Path.of("/etc/hive/key.pem"));
        assertThat(c.tlsEnabled()).isTrue();
        assertThat(c.limits().queueLength()).isEqualTo(3);
        assertThat(c.limits().ticketLifetime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.sandbox()).isEqualTo(SandboxMode.BUBBLEWRAP);
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws IOException {
        Path f = file("http:\n  port: 9000\nsandbox: bubblewrap\n");
        MonitorConfig c = new ConfigLoader(
                        Map.of("HIVE_HTTP_PORT", "0", "HIVE_SANDBOX", "NONE", "HIVE_DATA_DIR", "/srv/hive"))
                .load(Optional.of(f));
        assertThat(c.httpPort()).isZero();
        assertThat(c.sandbox()).isEqualTo(SandboxMode.NONE);
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/hive"));
    }

    @Test
    void badValuesNameTheKeyAndTheirSource() throws IOException {
        Path f = file("http:\n  port: eighty\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(f)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.port'")
                .hasMessageContaining("config file " + f)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("HIVE_LIMIT_QUEUE_LENGTH", "0")).load(Optional.empty()))
                .hasMessageContaining("'limits.queueLength'")
                .hasMessageContaining("environment variable HIVE_LIMIT_QUEUE_LENGTH")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("HIVE_HTTP_PORT", "70000")).load(Optional.empty()))
                .hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("HIVE_SANDBOX", "docker")).load(Optional.empty()))
                .hasMessageContaining("'sandbox'")
                .hasMessageContaining("auto, bubblewrap, none");
    }

    @Test
    void theSessionLifetimeComesFromTheFileOrTheEnvironmentInMinutes() throws IOException {
        Path f = file("auth:\n  sessionLifetimeMinutes: 90\n");
        assertThat(new ConfigLoader(Map.of()).load(Optional.of(f)).sessionLifetime())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(new ConfigLoader(Map.of("HIVE_AUTH_SESSION_LIFETIME_MINUTES", " 1 "))
                        .load(Optional.of(f))
                        .sessionLifetime())
                .as("the environment wins")
                .isEqualTo(Duration.ofMinutes(1));

        assertThatThrownBy(() ->
                        new ConfigLoader(Map.of("HIVE_AUTH_SESSION_LIFETIME_MINUTES", "0")).load(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value '0' for 'auth.sessionLifetimeMinutes' (from environment variable"
                        + " HIVE_AUTH_SESSION_LIFETIME_MINUTES): must be at least 1");
        Path hours = file("auth:\n  sessionLifetimeMinutes: 24h\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(hours)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value '24h' for 'auth.sessionLifetimeMinutes' (from config file " + hours
                        + "): must be a whole number");
        Path typo = file("auth:\n  sessionLifetime: 60\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(typo)))
                .hasMessageContaining("unknown key 'auth.sessionLifetime'");
    }

    @Test
    void unknownKeysAndHalfTlsAreRefused() throws IOException {
        Path typo = file("limits:\n  queueLenght: 3\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(typo)))
                .hasMessageContaining("unknown key 'limits.queueLenght'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("HIVE_TLS_CERTIFICATE", "c.pem")).load(Optional.empty()))
                .hasMessageContaining("'tls.certificate' is set")
                .hasMessageContaining("HIVE_TLS_KEY");
        Path list = file("http:\n  port: [1, 2]\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(list)))
                .hasMessageContaining("'http.port'")
                .hasMessageContaining("single value");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(dir.resolve("missing.yaml"))))
                .hasMessageContaining("cannot read config file");
    }

    @Test
    void nullClearsOptionalKeysButNotRequiredOnes() throws IOException {
        Path optional = file("tls:\n  certificate: ~\n  key:\n");
        assertThat(new ConfigLoader(Map.of()).load(Optional.of(optional)).tlsEnabled())
                .isFalse();
        Path required = file("dataDir: ~\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(required)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'dataDir'")
                .hasMessageContaining("has no value");
    }

    @Test
    void anEmptyFileMeansDefaults() throws IOException {
        assertThat(new ConfigLoader(Map.of()).load(Optional.of(file(""))).httpPort())
                .isEqualTo(8080);
    }
}
