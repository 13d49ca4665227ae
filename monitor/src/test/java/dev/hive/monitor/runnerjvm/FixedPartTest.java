package dev.hive.monitor.runnerjvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRC rule that decides whether a candidate's runner JAR may run in a JVM started from the fixed part. */
class FixedPartTest {

    @TempDir
    Path dir;

    private FixedPart fixed;

    private static Map<String, String> fixedEntries() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("dev/hive/runner/Main.class", "runner main, version 1");
        entries.put("org/junit/platform/launcher/Launcher.class", "junit launcher 1.14");
        entries.put("META-INF/services/org.junit.platform.engine.TestEngine", "jupiter\n");
        entries.put("META-INF/MANIFEST.MF", "Implementation-Version: 1\n");
        entries.put("junit-platform.properties", "fixed=yes\n");
        return entries;
    }

    @BeforeEach
    void fixedPart() throws IOException {
        fixed = new FixedPart(jar("fixed.jar", fixedEntries()));
    }

    @Test
    void aJarWithTheSameFixedPartAndClassesOfItsOwnMayRunPreStarted() throws IOException {
        Map<String, String> entries = fixedEntries();
        entries.put("com/example/probe/Probe.class", "the candidate");
        entries.put("com/example/probe/ProbeTest.class", "its hive test");
        assertThat(fixed.conflict(jar("same.jar", entries))).isEmpty();
    }

    @Test
    void aJarWithADifferingClassRunsCold() throws IOException {
        Map<String, String> entries = fixedEntries();
        entries.put("org/junit/platform/launcher/Launcher.class", "junit launcher 1.13");
        assertThat(fixed.conflict(jar("other-junit.jar", entries))).hasValueSatisfying(why -> assertThat(why)
                .contains("org/junit/platform/launcher/Launcher.class")
                .contains("1 of the fixed part's entries"));
    }

    @Test
    void aJarWithADifferingServiceFileRunsCold() throws IOException {
        Map<String, String> entries = fixedEntries();
        entries.put("META-INF/services/org.junit.platform.engine.TestEngine", "jupiter\nvintage\n");
        assertThat(fixed.conflict(jar("more-engines.jar", entries)))
                .hasValueSatisfying(why -> assertThat(why).contains("META-INF/services/"));
    }

    @Test
    void aJarWithoutAClassOfTheFixedPartRunsCold() throws IOException {
        Map<String, String> entries = fixedEntries();
        entries.remove("dev/hive/runner/Main.class");
        assertThat(fixed.conflict(jar("older-runner.jar", entries)))
                .hasValueSatisfying(why -> assertThat(why).contains("dev/hive/runner/Main.class"));
    }

    @Test
    void otherResourcesAreNotComparedTheCandidatesOwnAreWhatItSees() throws IOException {
        Map<String, String> entries = fixedEntries();
        entries.put("META-INF/MANIFEST.MF", "Main-Class: dev.hive.runner.Main\n");
        entries.put("junit-platform.properties", "candidate=yes\n");
        assertThat(fixed.conflict(jar("own-properties.jar", entries))).isEmpty();
    }

    @Test
    void aJarThatCannotBeReadRunsCold() throws IOException {
        Path broken = dir.resolve("broken.jar");
        Files.writeString(broken, "not a zip");
        assertThat(fixed.conflict(broken))
                .hasValueSatisfying(why -> assertThat(why).contains("cannot be read"));
    }

    @Test
    void theDifferenceCountNamesTheFirstEntryAndSaysThereAreOthers() throws IOException {
        Map<String, String> entries = fixedEntries();
        entries.put("org/junit/platform/launcher/Launcher.class", "changed");
        entries.put("dev/hive/runner/Main.class", "changed");
        assertThat(fixed.conflict(jar("two.jar", entries))).hasValueSatisfying(why -> assertThat(why)
                .startsWith("2 of the fixed part's entries")
                .contains("dev/hive/runner/Main.class and others"));
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
