package dev.hive.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code fleet.*} keys: off by default, read from the file and the environment, refused in one line. */
class FleetConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("monitor.yaml"), yaml);
    }

    private MonitorConfig load(Map<String, String> env, String yaml) throws IOException {
        return new ConfigLoader(env).load(Optional.of(file(yaml)));
    }

    @Test
    void fleetModeIsOffByDefault() {
        FleetConfig fleet = new ConfigLoader(Map.of()).load(Optional.empty()).fleet();
        assertThat(fleet.enabled()).isFalse();
        assertThat(fleet.servers()).isEmpty();
        assertThat(fleet.rackId()).isEmpty();
        assertThat(fleet.lab()).isEqualTo("default");
        assertThat(fleet.inventoryTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fleet.role()).isEqualTo(FleetRole.RACK);
        assertThat(fleet.claimExpiry()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fleet.resumeWithin()).isEqualTo(Duration.ofSeconds(120));
        assertThat(fleet).isEqualTo(FleetConfig.DISABLED);
    }

    @Test
    void theFileGivesEveryKeyAndPathsResolveAgainstIt() throws IOException {
        FleetConfig fleet = load(
                        Map.of(),
                        """
                        fleet:
                          enabled: true
                          servers: [nats://hub-a.example.org:4222, "tls://hub-b.example.org"]
                          credentialsFile: secrets/rack.creds
                          rackId: lab1-rack_a
                          lab: lab1
                          tls:
                            caCertificate: /etc/hive/fleet-ca.pem
                          inventoryTtlSeconds: 30
                          role: FRONT
                          claimSeconds: 5
                          resumeWithinSeconds: 30
                        """)
                .fleet();
        assertThat(fleet.enabled()).isTrue();
        assertThat(fleet.servers())
                .containsExactly(URI.create("nats://hub-a.example.org:4222"), URI.create("tls://hub-b.example.org"));
        assertThat(fleet.credentialsFile()).contains(dir.resolve("secrets/rack.creds"));
        assertThat(fleet.rackId()).contains("lab1-rack_a");
        assertThat(fleet.role()).isEqualTo(FleetRole.FRONT);
        assertThat(fleet.claimExpiry()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fleet.resumeWithin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fleet.lab()).isEqualTo("lab1");
        assertThat(fleet.caCertificate()).contains(Path.of("/etc/hive/fleet-ca.pem"));
        assertThat(fleet.inventoryTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theEnvironmentWinsAndListsServersWithCommas() throws IOException {
        FleetConfig fleet = load(
                        Map.of(
                                "HIVE_FLEET_ENABLED", "TRUE",
                                "HIVE_FLEET_SERVERS", "nats://a:4222, nats://b:4222",
                                "HIVE_FLEET_LAB", "lab2",
                                "HIVE_FLEET_RESUME_WITHIN_SECONDS", "7"),
                        "fleet:\n  enabled: false\n  lab: lab1\n")
                .fleet();
        assertThat(fleet.enabled()).isTrue();
        assertThat(fleet.servers()).containsExactly(URI.create("nats://a:4222"), URI.create("nats://b:4222"));
        assertThat(fleet.lab()).isEqualTo("lab2");
        assertThat(fleet.resumeWithin()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aServerThatIsNotAHubUrlIsOneLineNamingTheKey() throws IOException {
        for (String bad : new String[] {"hub.example.org:4222", "http://hub:4222", "nats://", "nats://hub:42 22"}) {
            assertThatThrownBy(() -> load(Map.of("HIVE_FLEET_SERVERS", bad), "fleet:\n  enabled: true\n"))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("invalid value '" + bad + "' for 'fleet.servers' (from environment variable"
                            + " HIVE_FLEET_SERVERS): '" + bad + "' is not a hub URL such as"
                            + " nats://hub.example.org:4222 or tls://hub.example.org:4222");
        }
    }

    @Test
    void enabledWithoutServersIsOneLineNamingBothKeys() throws IOException {
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  enabled: true\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'fleet.enabled' is true (from config file " + dir.resolve("monitor.yaml")
                        + ") but 'fleet.servers' is not set: name the hub (set it in the file or HIVE_FLEET_SERVERS)");
    }

    @Test
    void otherBadValuesNameTheirKey() throws IOException {
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  enabled: yes please\n"))
                .hasMessageStartingWith("invalid value 'yes please' for 'fleet.enabled'")
                .hasMessageEndingWith("must be true or false");
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  rackId: rack a\n"))
                .hasMessageStartingWith("invalid value 'rack a' for 'fleet.rackId'");
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  inventoryTtlSeconds: 2\n"))
                .hasMessageStartingWith("invalid value '2' for 'fleet.inventoryTtlSeconds'")
                .hasMessageEndingWith("must be at least 3");
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  role: master\n"))
                .hasMessageStartingWith("invalid value 'master' for 'fleet.role'")
                .hasMessageEndingWith("must be 'rack' or 'front'");
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  claimSeconds: 1\n"))
                .hasMessageStartingWith("invalid value '1' for 'fleet.claimSeconds'")
                .hasMessageEndingWith("must be at least 2");
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  resumeWithinSeconds: 0\n"))
                .hasMessageStartingWith("invalid value '0' for 'fleet.resumeWithinSeconds'")
                .hasMessageEndingWith("must be at least 1");
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  server: nats://a\n"))
                .hasMessageStartingWith("unknown key 'fleet.server' in config file");
        assertThatThrownBy(() -> load(Map.of(), "fleet:\n  servers: [{host: a}]\n"))
                .hasMessageContaining("'fleet.servers'")
                .hasMessageContaining("list of single values");
    }
}
