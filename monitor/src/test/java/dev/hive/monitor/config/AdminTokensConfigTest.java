package dev.hive.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.adminTokens}: none by default, a YAML list in the file, comma-separated in the environment. */
class AdminTokensConfigTest {

    @TempDir
    Path dir;

    @Test
    void noTokenIsAnAdminByDefault() {
        assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).adminTokens())
                .isEmpty();
    }

    @Test
    void aListInTheFileOrCommaSeparatedInTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), "auth:\n  adminTokens: [lab-admin, ci]\n");

        MonitorConfig fromFile = new ConfigLoader(Map.of()).load(Optional.of(file));
        MonitorConfig fromEnv =
                new ConfigLoader(Map.of("HIVE_AUTH_ADMIN_TOKENS", " ops , ,night ")).load(Optional.of(file));

        assertThat(fromFile.adminTokens()).isEqualTo(Set.of("lab-admin", "ci"));
        assertThat(fromEnv.adminTokens()).isEqualTo(Set.of("ops", "night"));
    }
}
