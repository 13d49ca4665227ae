package dev.hive.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.cli.CliRun;
import dev.hive.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code hive init}: one line naming the file and what to do, exit 2, nothing written. */
class InitErrorsTest {

    @TempDir
    Path dir;

    private CliRun.Result init(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        return new CliRun(dir.resolve("home")).run(all);
    }

    private static void assertOneLineError(CliRun.Result result, String... parts) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err().strip())
                .doesNotContain("\n")
                .startsWith("hive: ")
                .contains(parts);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aDirectoryWithoutPomIsNotAMavenProject() throws Exception {
        Path project = Files.createDirectories(dir.resolve("gradle-project"));
        Files.writeString(project.resolve("build.gradle"), "plugins { id 'java' }\n");

        assertOneLineError(
                init(project.toString(), "--yes"),
                project.resolve("pom.xml") + " does not exist",
                "point it at the directory of its pom.xml");
        assertThat(project.resolve("src")).doesNotExist();
    }

    @Test
    void aPomThatDoesNotParse() throws Exception {
        Path project = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(
                project.resolve("pom.xml"), "<project>\n  <groupId>g</groupId>\n  <artifactId>a\n</project>\n");

        assertOneLineError(
                init(project.toString(), "--yes"),
                project.resolve("pom.xml") + " does not parse (line ",
                "fix the XML");
        assertThat(project.resolve("src")).doesNotExist();
    }

    @Test
    void aModuleThatDoesNotExist() throws Exception {
        Path project = Files.createDirectories(dir.resolve("multi"));
        Files.writeString(
                project.resolve("pom.xml"),
                "<project><groupId>g</groupId><artifactId>p</artifactId><version>1</version>"
                        + "<packaging>pom</packaging><modules><module>core</module></modules></project>\n");

        assertOneLineError(
                init(project.toString(), "--module", "cor", "--yes"),
                project.resolve("cor/pom.xml") + " does not exist",
                "(core)");
        assertOneLineError(init(project.toString(), "--yes"), "multi-module", "--module NAME", "core");
    }
}
