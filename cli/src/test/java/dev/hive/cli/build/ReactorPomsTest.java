package dev.hive.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reactor's copy changes in the candidate's POMs. */
class ReactorPomsTest {

    @TempDir
    Path dir;

    private void write(String path, String text) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void inheritedTestScopeBecomesCompileAndAParentOutsideTheReactorIsPointedAtFromTheCopy() throws Exception {
        write(
                "outer/pom.xml",
                "<project><groupId>g</groupId><artifactId>outer</artifactId><version>1</version>"
                        + "<packaging>pom</packaging></project>");
        write(
                "outer/lib/pom.xml",
                """
                <project><parent><groupId>g</groupId><artifactId>outer</artifactId><version>1</version></parent>
                  <artifactId>lib</artifactId>
                  <properties><hive.excludeTestDependencies>l:logback, m:*</hive.excludeTestDependencies></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>h</groupId><artifactId>hamcrest</artifactId><scope>test</scope></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <dependency><groupId>a</groupId><artifactId>assertj</artifactId><scope>test</scope></dependency>
                    <dependency><groupId>p</groupId><artifactId>provided</artifactId><scope>provided</scope></dependency>
                    <dependency><groupId>l</groupId><artifactId>logback</artifactId><scope>test</scope></dependency>
                    <dependency><groupId>m</groupId><artifactId>harness</artifactId><scope>test</scope></dependency>
                  </dependencies>
                  <build><plugins><plugin><artifactId>x</artifactId><dependencies>
                    <dependency><groupId>q</groupId><artifactId>plugin-dep</artifactId><scope>test</scope></dependency>
                  </dependencies></plugin></plugins></build>
                </project>
                """);
        Files.createDirectories(dir.resolve("outer/lib/src/hive/java"));
        // The outer POM does not list lib as a module, so the reactor is lib alone.
        Candidate candidate = Candidate.locate(dir.resolve("outer/lib"), null, null);
        Path copy = dir.resolve("workspace/reactor");

        Map<String, String> rewritten = ReactorPoms.rewrites(candidate, copy);

        assertThat(rewritten).containsOnlyKeys("pom.xml");
        String pom = rewritten.get("pom.xml");
        assertThat(pom)
                .contains("<artifactId>assertj</artifactId><scope>compile</scope>")
                .contains("<artifactId>hamcrest</artifactId><scope>compile</scope>")
                .contains("<scope>provided</scope>")
                .contains("<artifactId>logback</artifactId><scope>test</scope>")
                .contains("<artifactId>harness</artifactId><scope>test</scope>")
                .contains("<artifactId>plugin-dep</artifactId><scope>test</scope>")
                .contains("<relativePath>" + copy.relativize(dir.resolve("outer/pom.xml")) + "</relativePath>");
    }
}
