package dev.hive.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's permission file: what the racks file must hold, and who may publish and subscribe to what. */
class HubPermissionsTest {

    @TempDir
    Path dir;

    private Path racks(String yaml) throws Exception {
        return Files.writeString(dir.resolve("racks.yaml"), yaml);
    }

    @Test
    void aRackMayUseOnlyItsOwnKeyTargetsAndInbox() {
        var rack = new HubPermissions.Rack("lab1-rack-a", "x".repeat(12), List.of("sifive_e", "lm3s6965evb"));
        List<String> publish = HubPermissions.rackPublish(rack);
        assertThat(publish)
                .contains(
                        "$KV.hive-racks.lab1-rack-a",
                        "$JS.API.CONSUMER.MSG.NEXT.HIVE_RUNS.RUNS_T_sifive_e",
                        "$JS.API.CONSUMER.INFO.HIVE_RUNS.RUNS_T_lm3s6965evb",
                        "$JS.ACK.HIVE_RUNS.RUNS_T_sifive_e.>",
                        "$JS.API.CONSUMER.INFO.HIVE_RUNS.RUNS_R_lab1-rack-a",
                        "$JS.API.CONSUMER.MSG.NEXT.HIVE_RUNS.RUNS_R_lab1-rack-a",
                        "$JS.ACK.HIVE_RUNS.RUNS_R_lab1-rack-a.>",
                        "hive.v1.ev.>")
                .noneMatch(s -> s.startsWith("hive.v1.runs"))
                .noneMatch(s -> s.startsWith("$KV.hive-racks.") && !s.endsWith(".lab1-rack-a"))
                .noneMatch(s -> s.contains("HIVE_RUNS")
                        && !s.contains("RUNS_T_sifive_e")
                        && !s.contains("RUNS_T_lm3s6965evb")
                        && !s.endsWith("RUNS_R_lab1-rack-a")
                        && !s.endsWith("RUNS_R_lab1-rack-a.>"))
                .noneMatch(s -> s.contains("STREAM.CREATE") || s.contains("STREAM.DELETE") || s.equals("$JS.API.>"));
        assertThat(HubPermissions.rackSubscribe(rack))
                .containsExactly(
                        "_INBOX_lab1-rack-a.>",
                        "hive.v1.cancel.*",
                        "hive.v1.runs.r.lab1-rack-a.>",
                        "hive.v1.runs.t.sifive_e",
                        "hive.v1.runs.t.lm3s6965evb");
        assertThat(HubPermissions.frontPublish()).contains("hive.v1.runs.>", "$JS.API.>");
    }

    @Test
    void theFileHasOneUserEachWithBcryptPasswordsOnly() throws Exception {
        var fleet = HubPermissions.read(racks("front: {id: front, password: front-secret-12}\nracks:\n"
                + "  - {id: rack-a, password: rack-a-secret-1, targets: [sifive_e]}\n"));
        String text = new HubPermissions().render(fleet);
        assertThat(text).startsWith("# The hub's permission file").contains("authorization {");
        assertThat(text)
                .contains("user: \"front\"", "user: \"rack-a\"")
                .doesNotContain("front-secret-12", "rack-a-secret-1");
        var hash = java.util.regex.Pattern.compile("user: \"rack-a\"\\s+password: \"([^\"]+)\"")
                .matcher(text);
        assertThat(hash.find()).isTrue();
        assertThat(OpenBSDBCrypt.checkPassword(hash.group(1), "rack-a-secret-1".toCharArray()))
                .isTrue();
    }

    @Test
    void aWrongRacksFileIsRefusedNamingWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> HubPermissions.read(racks("racks: []\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'front'");
        assertThatThrownBy(() -> HubPermissions.read(racks("front: {id: front, password: front-secret-12}\n"
                        + "racks:\n  - {id: 'a.b', password: rack-a-secret-1, targets: [x]}\n")))
                .hasMessageContaining("('a.b') must be a rack id");
        assertThatThrownBy(() -> HubPermissions.read(racks("front: {id: front, password: front-secret-12}\n"
                        + "racks:\n  - {id: a, password: short, targets: [x]}\n")))
                .hasMessageContaining("password of 'a' must have at least 12 characters");
        assertThatThrownBy(() -> HubPermissions.read(racks("front: {id: front, password: front-secret-12}\n"
                        + "racks:\n  - {id: a, password: rack-a-secret-1}\n")))
                .hasMessageContaining("rack 'a' lists no target");
        assertThatThrownBy(() -> HubPermissions.read(racks("front: {id: front, password: front-secret-12}\n"
                        + "racks:\n  - {id: front, password: rack-a-secret-1, targets: [x]}\n")))
                .hasMessageContaining("'front' is used twice");
    }
}
