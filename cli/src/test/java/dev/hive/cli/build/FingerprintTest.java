package dev.hive.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {

    @TempDir
    Path root;

    private Candidate candidate;

    @BeforeEach
    void candidate() throws Exception {
        Files.writeString(
                root.resolve("pom.xml"),
                """
                <project><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent>
                  <artifactId>lib</artifactId></project>
                """);
        Files.writeString(
                root.getParent().resolve("pom.xml"),
                """
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>p</artifactId>
                  <version>1</version><packaging>pom</packaging></project>
                """);
        write("src/main/java/lib/Probe.java", "class Probe {}");
        write("src/hive/java/lib/ProbeTest.java", "class ProbeTest {}");
        write("src/test/java/lib/UnitTest.java", "class UnitTest {}");
        candidate = Candidate.locate(root, null, null);
    }

    private void write(String path, String text) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private String fingerprint() {
        return Fingerprint.of(candidate, "1.0", "1.0", "<project/>");
    }

    @Test
    void readsTheCandidatesCoordinatesAndItsParentChain() {
        assertThat(candidate.groupId()).isEqualTo("g");
        assertThat(candidate.artifactId()).isEqualTo("lib");
        assertThat(candidate.version()).isEqualTo("1");
        assertThat(candidate.pomChain())
                .containsExactly(root.resolve("pom.xml"), root.getParent().resolve("pom.xml"));
    }

    @Test
    void isStableWhileNothingChanges() {
        assertThat(fingerprint()).isEqualTo(fingerprint()).hasSize(64);
    }

    @Test
    void changesWithAHiveTestTheSourcesThePomsAndTheCliVersion() throws Exception {
        String before = fingerprint();
        write("src/hive/java/lib/ProbeTest.java", "class ProbeTest { int x; }");
        String afterTest = fingerprint();
        write("src/main/java/lib/Probe.java", "class Probe { int y; }");
        String afterMain = fingerprint();
        Files.writeString(
                root.getParent().resolve("pom.xml"),
                Files.readString(root.getParent().resolve("pom.xml")) + "<!-- changed -->");
        String afterParent = fingerprint();

        assertThat(java.util.List.of(before, afterTest, afterMain, afterParent)).doesNotHaveDuplicates();
        assertThat(Fingerprint.of(candidate, "1.1", "1.0", "<project/>")).isNotEqualTo(afterParent);
        assertThat(Fingerprint.of(candidate, "1.0", "1.0", "<project>other</project>"))
                .isNotEqualTo(afterParent);
    }

    @Test
    void ignoresUnitTestsAndBuildOutput() throws Exception {
        String before = fingerprint();
        write("src/test/java/lib/UnitTest.java", "class UnitTest { int z; }");
        write("target/classes/lib/Probe.class", "junk");
        write("README.md", "# lib");
        write(".git/HEAD", "ref: refs/heads/main");

        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void aProjectWithoutHiveTestsIsAUsageError() throws Exception {
        Path other = root.resolve("other");
        Files.createDirectories(other);
        Files.writeString(
                other.resolve("pom.xml"),
                "<project><groupId>g</groupId><artifactId>o</artifactId>" + "<version>1</version></project>");

        assertThatThrownBy(() -> Candidate.locate(other, null, null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no hive tests");
        assertThatThrownBy(() -> Candidate.locate(root.resolve("nowhere"), null, null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no pom.xml");
    }
}
