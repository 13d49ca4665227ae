package dev.hive.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenLocatorTest {

    @TempDir
    Path dir;

    private Path executable(String path) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void mavenHomeThenM2HomeThenPathThenTheCandidatesWrapper() throws Exception {
        Path home = executable("maven-home/bin/mvn");
        Path m2 = executable("m2-home/bin/mvn");
        Path onPath = executable("path/mvn");
        Path wrapper = executable("candidate/mvnw");
        Path candidate = wrapper.getParent();
        String path = dir.resolve("empty") + ":" + onPath.getParent();

        assertThat(MavenLocator.locate(
                        Map.of(
                                "MAVEN_HOME",
                                dir.resolve("maven-home").toString(),
                                "M2_HOME",
                                m2.getParent().getParent().toString(),
                                "PATH",
                                path),
                        candidate))
                .isEqualTo(home);
        assertThat(MavenLocator.locate(Map.of("M2_HOME", dir.resolve("m2-home").toString(), "PATH", path), candidate))
                .isEqualTo(m2);
        assertThat(MavenLocator.locate(Map.of("PATH", path), candidate)).isEqualTo(onPath);
        assertThat(MavenLocator.locate(Map.of("PATH", dir.resolve("empty").toString()), candidate))
                .isEqualTo(wrapper);
    }

    @Test
    void noMavenAtAllIsAUsageErrorSayingWhatToDo() {
        assertThatThrownBy(() -> MavenLocator.locate(Map.of("PATH", dir.toString()), dir))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("MAVEN_HOME")
                .hasMessageContaining("mvnw");
    }
}
