package dev.hive.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.cli.CliException;
import dev.hive.cli.CliRun;
import dev.hive.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheTokenInAFileOnlyItsOwnerCanRead() throws Exception {
        ConfigStore store = new ConfigStore(dir.resolve("hive"));
        store.save(new StoredConfig("https://rack.example.org:8443", null, false));
        store.saveToken("s3cret");

        assertThat(store.token()).isEqualTo("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.credentialsFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hive"))))
                .isEqualTo("rwx------");
        assertThat(Files.readString(store.configFile())).contains("url=").doesNotContain("s3cret");
        assertThat(store.load().url()).isEqualTo("https://rack.example.org:8443");
    }

    @Test
    void tightensACredentialsFileThatOthersCouldRead() throws Exception {
        ConfigStore store = new ConfigStore(dir);
        Files.writeString(store.credentialsFile(), "token=old\n");
        Files.setPosixFilePermissions(store.credentialsFile(), PosixFilePermissions.fromString("rw-r--r--"));

        store.saveToken("new");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.credentialsFile())))
                .isEqualTo("rw-------");
        assertThat(store.token()).isEqualTo("new");
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheStoredConfig() {
        ConfigStore store = new ConfigStore(dir);
        store.save(new StoredConfig("https://stored.example.org", null, false));
        store.saveToken("stored-token");

        Connection stored = Connection.resolve(null, null, null, false, Map.of(), store);
        assertThat(stored.url()).hasToString("https://stored.example.org");
        assertThat(stored.token()).isEqualTo("stored-token");

        Map<String, String> ci = Map.of("HIVE_URL", "http://ci.example.org:8080/", "HIVE_TOKEN", "ci-token");
        Connection fromEnv = Connection.resolve(null, null, null, false, ci, store);
        assertThat(fromEnv.url()).hasToString("http://ci.example.org:8080");
        assertThat(fromEnv.token()).isEqualTo("ci-token");

        Connection fromOptions = Connection.resolve("http://cli.example.org", "cli-token", null, false, ci, store);
        assertThat(fromOptions.url()).hasToString("http://cli.example.org");
        assertThat(fromOptions.token()).isEqualTo("cli-token");
    }

    @Test
    void refusesAMissingOrMalformedUrlAsAUsageError() {
        ConfigStore empty = new ConfigStore(dir);
        assertThatThrownBy(() -> Connection.resolve(null, null, null, false, Map.of(), empty))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("hive connect");
        assertThatThrownBy(() -> Connection.parseUrl("ftp://rack"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThat(Connection.parseUrl("rack.example.org:8443")).hasToString("https://rack.example.org:8443");
    }

    @Test
    void theConfigDirectoryFollowsXdg() {
        assertThat(dev.hive.cli.CliEnvironment.configDir(Map.of("XDG_CONFIG_HOME", "/x/conf", "HOME", "/home/u")))
                .isEqualTo(Path.of("/x/conf/hive"));
        assertThat(dev.hive.cli.CliEnvironment.configDir(Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.config/hive"));
        assertThat(dev.hive.cli.CliEnvironment.cacheDir(Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.cache/hive"));
    }

    @Test
    void aCommandWithoutAMonitorSaysHowToConfigureOneAndExits2() {
        CliRun.Result result = new CliRun(dir).run("list");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("no monitor configured").contains("hive connect");
    }

    @Test
    void aCommandWithoutATokenSaysHowToGiveOneAndExits2() {
        CliRun.Result result =
                new CliRun(dir).env("HIVE_URL", "http://127.0.0.1:9").run("runs");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("no API token").contains("HIVE_TOKEN");
    }

    @Test
    void connectWithNoInputAndNoTokenDoesNotPromptAndExits2() {
        CliRun.Result result = new CliRun(dir).terminal(true).run("connect", "--no-input", "http://127.0.0.1:9");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--token").contains("--no-input");
    }
}
