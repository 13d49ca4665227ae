package dev.hive.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics.*} keys: defaults, file, environment, and refusals that never print the token. */
class MetricsConfigTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultMetricsAreServedToLoopbackClients() {
        MonitorConfig c = new ConfigLoader(Map.of()).load(Optional.empty());

        assertThat(c.metrics()).isEqualTo(MetricsConfig.DEFAULT);
        assertThat(c.metrics().enabled()).isTrue();
        assertThat(c.metrics().token()).isEmpty();
    }

    @Test
    void theFileSetsThemAndTheEnvironmentWins() throws IOException {
        Path file = Files.writeString(
                dir.resolve("monitor.yaml"), "metrics:\n  enabled: false\n  token: from-the-file-0123456789\n");

        MonitorConfig fromFile = new ConfigLoader(Map.of()).load(Optional.of(file));
        MonitorConfig fromEnv = new ConfigLoader(
                        Map.of("HIVE_METRICS_ENABLED", "true", "HIVE_METRICS_TOKEN", "from-the-env-0123456789"))
                .load(Optional.of(file));

        assertThat(fromFile.metrics()).isEqualTo(new MetricsConfig(false, Optional.of("from-the-file-0123456789")));
        assertThat(fromEnv.metrics()).isEqualTo(new MetricsConfig(true, Optional.of("from-the-env-0123456789")));
    }

    @Test
    void badValuesAreRefusedWithoutPrintingTheToken() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("HIVE_METRICS_ENABLED", "yes")).load(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value 'yes' for 'metrics.enabled' (from environment variable"
                        + " HIVE_METRICS_ENABLED): must be true or false");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("HIVE_METRICS_TOKEN", "short-secret")).load(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'metrics.token' (from environment variable HIVE_METRICS_TOKEN) must have at least 16"
                        + " characters")
                .hasMessageNotContaining("short-secret");
    }
}
