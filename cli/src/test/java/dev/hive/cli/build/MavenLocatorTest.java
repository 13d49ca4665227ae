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
    void theCandidatesWrapperThenTheReactorsThenMavenHomeThenM2HomeThenPath() throws Exception {
        Path home = executable("maven-home/bin/mvn");
        Path m2 = executable("m2-home/bin/mvn");
        Path onPath = executable("path/mvn");
        Path reactorWrapper = executable("reactor/mvnw");
        Path reactor = reactorWrapper.getParent();
        Path module = reactor.resolve("module");
        Files.createDirectories(module);
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        String path = dir.resolve("empty") + ":" + onPath.getParent();
        Map<String, String> everything = Map.of(
                "MAVEN_HOME",
                dir.resolve("maven-home").toString(),
                "M2_HOME",
                m2.getParent().getParent().toString(),
                "PATH",
                path);

        assertThat(MavenLocator.locate(everything, module, reactor)).isEqualTo(reactorWrapper);
        Path moduleWrapper = executable("reactor/module/mvnw");
        assertThat(MavenLocator.locate(everything, module, reactor)).isEqualTo(moduleWrapper);
        assertThat(MavenLocator.locate(everything, bare, bare)).isEqualTo(home);
        assertThat(MavenLocator.locate(Map.of("M2_HOME", dir.resolve("m2-home").toString(), "PATH", path), bare, bare))
                .isEqualTo(m2);
        assertThat(MavenLocator.locate(Map.of("PATH", path), bare, bare)).isEqualTo(onPath);
    }

    @Test
    void noMavenAtAllIsAUsageErrorSayingWhatToDo() {
        assertThatThrownBy(() -> MavenLocator.locate(Map.of("PATH", dir.toString()), dir, dir))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("MAVEN_HOME")
                .hasMessageContaining("mvnw");
    }
}
