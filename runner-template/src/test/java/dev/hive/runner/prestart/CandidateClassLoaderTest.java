package dev.hive.runner.prestart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pre-started runner sees the candidate's JAR as a cold runner would: the fixed part's classes (checked equal by
 * the monitor), but the candidate's own resources only, never the fixed part's.
 */
class CandidateClassLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theCandidatesJunitPlatformPropertiesAndServiceFilesAreTheOnesSeen() throws IOException {
        Path fixed = jar(
                "fixed.jar",
                Map.of(
                        "junit-platform.properties", "from=fixed\n",
                        "META-INF/services/org.junit.platform.engine.TestEngine", "fixed.Engine\n"));
        Path candidate = jar(
                "candidate.jar",
                Map.of(
                        "junit-platform.properties", "from=candidate\n",
                        "META-INF/services/org.junit.platform.engine.TestEngine", "candidate.Engine\n"));
        try (var fixedPart = new URLClassLoader(new URL[] {fixed.toUri().toURL()}, null);
                var loader = new CandidateClassLoader(candidate, fixedPart)) {

            assertThat(read(loader.getResource("junit-platform.properties"))).isEqualTo("from=candidate\n");
            assertThat(read(loader.getResourceAsStream("junit-platform.properties")))
                    .isEqualTo("from=candidate\n");
            List<URL> services =
                    Collections.list(loader.getResources("META-INF/services/org.junit.platform.engine.TestEngine"));
            assertThat(services).hasSize(1);
            assertThat(read(services.get(0))).isEqualTo("candidate.Engine\n");
        }
    }

    @Test
    void aResourceOnlyTheFixedPartHasIsNotSeenAsInAColdStart() throws IOException {
        Path fixed = jar("fixed.jar", Map.of("only-in-fixed.txt", "x"));
        Path candidate = jar("candidate.jar", Map.of("only-in-candidate.txt", "y"));
        try (var fixedPart = new URLClassLoader(new URL[] {fixed.toUri().toURL()}, null);
                var loader = new CandidateClassLoader(candidate, fixedPart)) {

            assertThat(loader.getResource("only-in-fixed.txt")).isNull();
            assertThat(Collections.list(loader.getResources("only-in-fixed.txt")))
                    .isEmpty();
            assertThat(read(loader.getResource("only-in-candidate.txt"))).isEqualTo("y");
        }
    }

    @Test
    void theJdksResourcesAreSeenAsInAColdStart() throws IOException {
        Path candidate = jar("candidate.jar", Map.of("x.txt", "x"));
        try (var loader = new CandidateClassLoader(candidate, getClass().getClassLoader())) {
            assertThat(loader.getResource("java/lang/Object.class"))
                    .isEqualTo(ClassLoader.getSystemClassLoader().getResource("java/lang/Object.class"));
        }
    }

    @Test
    void itHasNoNameSoTheCandidatesStackFramesReadAsInAColdStart() throws IOException {
        // A named loader prefixes every frame of its classes ("name//pkg.Class.method(File.java:15)"), which the
        // CLI would no longer read as a source line of the candidate (GitHubActionIT's annotations).
        Path candidate = jar("candidate.jar", Map.of("x.txt", "x"));
        try (var loader = new CandidateClassLoader(candidate, getClass().getClassLoader())) {
            assertThat(loader.getName()).isNull();
        }
    }

    @Test
    void classesTheFixedPartHasComeFromIt() throws Exception {
        Path candidate = jar("candidate.jar", Map.of("x.txt", "x"));
        try (var loader = new CandidateClassLoader(candidate, getClass().getClassLoader())) {
            assertThat(loader.loadClass(WarmUp.class.getName())).isSameAs(WarmUp.class);
        }
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String read(InputStream stream) throws IOException {
        try (InputStream in = stream) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
