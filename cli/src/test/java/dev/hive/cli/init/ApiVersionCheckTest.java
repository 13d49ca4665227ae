package dev.hive.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hive test} warns only when the POM declares a test API version other than the CLI's template version. */
class ApiVersionCheckTest {

    @TempDir
    Path dir;

    private Path pom(String body) throws Exception {
        return Files.writeString(dir.resolve("pom.xml"), "<project>\n" + body + "\n</project>\n");
    }

    @Test
    void theHiveVersionPropertyIsCompared() throws Exception {
        Path pom = pom("<properties><hive.version>0.1.0-T1</hive.version></properties>");

        assertThat(ApiVersionCheck.warning(pom, "0.1.0-T1")).isEmpty();
        assertThat(ApiVersionCheck.warning(pom, "0.1.0-T2")).hasValueSatisfying(w -> assertThat(w)
                .startsWith("warning: " + pom)
                .contains("declares the hive test API 0.1.0-T1, but this hive builds the runner with 0.1.0-T2")
                .contains("run `hive init`"));
    }

    @Test
    void aLiteralApiVersionIsComparedAndCommentsAreIgnored() throws Exception {
        Path pom = pom("<!-- <hive.version>9</hive.version> -->\n<dependencies><dependency>"
                + "<groupId>dev.hive</groupId><artifactId>hive-runner-api</artifactId>\n  <version>1.0</version>"
                + "</dependency></dependencies>");

        assertThat(ApiVersionCheck.warning(pom, "1.0")).isEmpty();
        assertThat(ApiVersionCheck.warning(pom, "1.1"))
                .hasValueSatisfying(w -> assertThat(w).contains("declares the hive test API 1.0,"));
    }

    @Test
    void aPomWithoutTheApiGetsNoWarning() throws Exception {
        assertThat(ApiVersionCheck.warning(pom("<groupId>g</groupId>"), "1.0")).isEmpty();
    }
}
