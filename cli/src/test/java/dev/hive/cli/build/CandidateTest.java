package dev.hive.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the candidate: reactors, CI-friendly versions, and the one-line errors of bad input. */
class CandidateTest {

    @TempDir
    Path dir;

    private Path write(String path, String text) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static void assertUsage(Runnable call, String... fragments) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).doesNotContain("\n").contains(fragments);
        });
    }

    private void reactor() throws Exception {
        write(
                "pom.xml",
                """
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>parent</artifactId>
                  <version>${revision}</version><packaging>pom</packaging>
                  <properties><revision>1.0.0</revision></properties>
                  <modules><module>util</module><module>core</module></modules></project>
                """);
        write(
                "util/pom.xml",
                """
                <project><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>g</groupId><artifactId>parent</artifactId><version>${revision}</version></parent>
                  <artifactId>util</artifactId></project>
                """);
        write(
                "core/pom.xml",
                """
                <project><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>g</groupId><artifactId>parent</artifactId><version>${revision}</version></parent>
                  <artifactId>core</artifactId></project>
                """);
        Files.createDirectories(dir.resolve("core/src/hive/java"));
    }

    @Test
    void aModuleKnowsItsReactorAndItsCiFriendlyVersionFromThePomsProperties() throws Exception {
        reactor();

        Candidate byModule = Candidate.locate(dir, "core", null);
        Candidate fromInside = Candidate.locate(dir.resolve("core"), null, null);

        for (Candidate c : new Candidate[] {byModule, fromInside}) {
            assertThat(c.reactorRoot()).isEqualTo(dir);
            assertThat(c.declaredVersion()).isEqualTo("${revision}");
            assertThat(c.version()).isEqualTo("1.0.0");
            assertThat(c.hiveResources()).isEqualTo(dir.resolve("core/src/hive/resources"));
        }
        assertThat(fromInside.root()).isEqualTo(dir.resolve("core"));
    }

    @Test
    void mavenConfigOverridesThePomAndDashDOverridesBoth() throws Exception {
        reactor();
        write(".mvn/maven.config", "-Drevision=2.0.0 -B\n--define\nother=x\n");

        assertThat(Candidate.locate(dir, "core", null).version()).isEqualTo("2.0.0");
        assertThat(Candidate.locate(dir, "core", null, Map.of("revision", "3.1.4"))
                        .version())
                .isEqualTo("3.1.4");
        assertThat(CiFriendlyVersion.mavenConfig(dir))
                .containsEntry("revision", "2.0.0")
                .containsEntry("other", "x");
    }

    @Test
    void aVersionPropertyWithNoValueAnywhereSaysWhereToPutIt() throws Exception {
        write(
                "pom.xml",
                "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId>"
                        + "<version>${revision}${changelist}</version><properties><changelist>-SNAPSHOT</changelist>"
                        + "</properties></project>");
        Files.createDirectories(dir.resolve("src/hive/java"));

        assertUsage(
                () -> Candidate.locate(dir, null, null),
                dir.resolve("pom.xml").toString(),
                "${revision}",
                "-Drevision=",
                ".mvn/maven.config");
    }

    @Test
    void aDirectoryWithoutAPomIsNotAMavenProject() {
        assertUsage(() -> Candidate.locate(dir, null, null), dir.toString(), "is not a Maven project", "hive init");
    }

    @Test
    void aPomThatDoesNotParseIsNamedWithItsLine() throws Exception {
        write("pom.xml", "<project>\n  <groupId>g</groupId>\n  <artifactId>a</artifactId\n</project>\n");

        assertUsage(() -> Candidate.locate(dir, null, null), dir.resolve("pom.xml") + ":4:", "not a valid POM");
    }

    @Test
    void aModuleThatDoesNotExistListsTheModulesThereAre() throws Exception {
        reactor();

        assertUsage(() -> Candidate.locate(dir, "cor", null), "--module cor", "has no pom.xml", "util, core");
    }
}
