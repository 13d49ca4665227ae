package dev.hive.example.rsp.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.runner.it.TestMonitor;
import java.nio.file.Files;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the shaded runner JAR holds: the runner, the candidate and its hive tests, and not the template's samples. */
class RunnerJarIT {

    @Test
    void holdsTheRunnerTheCandidateAndItsHiveTestsOnly() throws Exception {
        assertThat(TestMonitor.RUNNER_JAR).exists();
        try (var jar = new JarFile(TestMonitor.RUNNER_JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.hive.runner.Main");
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .contains(
                            "dev/hive/runner/Main.class",
                            "dev/hive/runner/api/HiveTest.class",
                            "dev/hive/example/rsp/RspSession.class",
                            "dev/hive/example/rsp/hive/RunControlTest.class",
                            "org/junit/platform/launcher/Launcher.class");
            assertThat(names).noneMatch(n -> n.startsWith("dev/hive/sample/"));
            assertThat(names).noneMatch(n -> n.startsWith("dev/hive/rack/") || n.startsWith("ch/qos/logback/"));
        }
        System.out.printf("example runner JAR: %,d bytes%n", Files.size(TestMonitor.RUNNER_JAR));
    }
}
