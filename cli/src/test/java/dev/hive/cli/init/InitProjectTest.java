package dev.hive.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hive init --module NAME} prepares that module: its POM, its hive tests, its (inherited) groupId. */
class InitProjectTest {

    @TempDir
    Path dir;

    @Test
    void aModuleOfAReactorWithTheGroupIdOfItsParent() throws Exception {
        Files.writeString(
                dir.resolve("pom.xml"),
                "<project><groupId>org.acme</groupId><artifactId>root</artifactId><version>1</version>"
                        + "<packaging>pom</packaging><modules><module>core</module></modules></project>\n");
        Path core = Files.createDirectories(dir.resolve("core"));
        Files.writeString(
                core.resolve("pom.xml"),
                "<project><parent><groupId>org.acme</groupId><artifactId>root</artifactId><version>1</version>"
                        + "</parent><artifactId>core</artifactId></project>\n");

        InitProject project = InitProject.locate(dir, "core");

        assertThat(project.root()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(project.pom())
                .isEqualTo(core.resolve("pom.xml").toAbsolutePath().normalize());
        assertThat(project.hiveTests()).isEqualTo(project.dir().resolve("src/hive/java"));
        assertThat(project.groupId()).isEqualTo("org.acme");
        assertThat(project.text()).startsWith("<project><parent>");
        assertThat(PomEdit.of(project, new HiveProfile("1", "3.6.0"))
                        .orElseThrow()
                        .after())
                .contains("</artifactId>\n  <profiles>\n    <profile>\n")
                .endsWith("  </profiles>\n</project>\n");
    }
}
