package dev.hive.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.PasswordHasher;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.db.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hive-monitor init}: a fresh rack gets its first admin and API token without a prompt. */
class MonitorMainTest {

    @TempDir
    Path dir;

    Path config;
    Path passwordFile;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("monitor.yaml");
        Files.writeString(config, "dataDir: data\nrackFile: rack.yaml\n");
        passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "correct horse battery staple\n");
    }

    private int run(String... args) {
        CommandLine cli = MonitorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void initCreatesTheAdminAndPrintsTheTokenOnceOnStdout() {
        int code = run(
                "-c",
                config.toString(),
                "init",
                "--admin",
                "root",
                "--password-file",
                passwordFile.toString(),
                "--token",
                "ci");

        assertThat(code).as(err.toString()).isZero();
        String token = out.toString().strip();
        assertThat(token).doesNotContain("\n").hasSizeGreaterThan(20);
        assertThat(err.toString()).contains("created admin 'root'").contains("created API token 'ci'");
        try (Database db = Database.open(dir.resolve("data/hive.db"), Clock.systemUTC())) {
            assertThat(new UserRepository(db, Clock.systemUTC(), new PasswordHasher()).findByName("root"))
                    .hasValueSatisfying(u -> assertThat(u.passwordHash()).doesNotContain("correct horse"));
            assertThat(new ApiTokenRepository(db, Clock.systemUTC())
                            .check(token)
                            .valid())
                    .isTrue();
        }
    }

    @Test
    void aSecondInitLeavesTheAdminAloneAndRefusesATakenTokenName() {
        assertThat(run("-c", config.toString(), "init", "--admin", "root", "--password-file", passwordFile.toString()))
                .isZero();
        assertThat(run("-c", config.toString(), "init", "--admin", "root", "--password-file", passwordFile.toString()))
                .isZero();
        assertThat(err.toString()).contains("user 'root' exists already; left unchanged");

        assertThat(run("-c", config.toString(), "init", "--token", "ci")).isZero();
        assertThat(run("-c", config.toString(), "init", "--token", "ci")).isEqualTo(MonitorMain.USAGE);
        assertThat(err.toString()).contains("an API token named 'ci' exists already");
    }

    @Test
    void theTokenCanGoToAFileOnlyItsOwnerReads() throws Exception {
        Path tokenFile = dir.resolve("token");
        assertThat(run("-c", config.toString(), "init", "--token", "ci", "--token-file", tokenFile.toString()))
                .isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(tokenFile).strip()).hasSizeGreaterThan(20);
    }

    @Test
    void withoutAPasswordOrAnythingToDoItSaysWhatIsMissing() {
        assertThat(run("-c", config.toString(), "init")).isEqualTo(MonitorMain.USAGE);
        assertThat(err.toString()).contains("nothing to do: give --admin NAME and/or --token NAME");

        assertThat(run(
                        "-c",
                        config.toString(),
                        "init",
                        "--admin",
                        "root",
                        "--password-file",
                        dir.resolve("none").toString()))
                .isNotZero();
        assertThat(err.toString()).contains("none");
    }

    @Test
    void aBadConfigFileIsAUsageErrorNamingTheKey() throws Exception {
        Files.writeString(config, "limits:\n  queueLenght: 3\n");
        int code = run("-c", config.toString(), "init", "--token", "ci");
        assertThat(code).isEqualTo(MonitorMain.USAGE);
        assertThat(err.toString()).contains("queueLenght");
    }
}
