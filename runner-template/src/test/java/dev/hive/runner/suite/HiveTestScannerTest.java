package dev.hive.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hivetests.BoardFixture;
import com.example.hivetests.PlainFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiveTestScannerTest {

    @TempDir
    Path dir;

    @Test
    void aJarYieldsItsHiveTestClassesAndNothingElse() throws Exception {
        Path jar = dir.resolve("runner.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : List.of(
                    BoardFixture.class,
                    BoardFixture.NestedFixture.class,
                    PlainFixture.class,
                    HiveTestScannerTest.class)) {
                add(out, type);
            }
            // the runner's own packages are never read, whatever they hold
            add(out, SuiteFixtures.Outcomes.class);
        }
        assertThat(new HiveTestScanner(getClass().getClassLoader()).scan(jar))
                .containsExactly(BoardFixture.class.getName(), BoardFixture.NestedFixture.class.getName());
    }

    @Test
    void aClassDirectoryIsScannedToo() {
        Path testClasses = HiveTestScanner.runnerLocation().resolveSibling("test-classes");
        assertThat(new HiveTestScanner(getClass().getClassLoader()).scan(testClasses))
                .containsExactly(BoardFixture.class.getName(), BoardFixture.NestedFixture.class.getName());
    }

    @Test
    void theSampleSuiteIsFoundWhereTheRunnerLives() {
        assertThat(new HiveTestScanner(getClass().getClassLoader()).scan(HiveTestScanner.runnerLocation()))
                .contains("dev.hive.sample.ProbeSampleTest", "dev.hive.sample.TimeLimitSampleTest")
                .allSatisfy(name -> assertThat(name).startsWith("dev.hive.sample."));
    }

    @Test
    void onlyLibrariesAndTheRunnerAreSkippedUnread() {
        assertThat(HiveTestScanner.mayHoldHiveTest("com/example/MyProbeTest.class"))
                .isTrue();
        assertThat(HiveTestScanner.mayHoldHiveTest("org/junit/jupiter/api/Test.class"))
                .isFalse();
        assertThat(HiveTestScanner.mayHoldHiveTest("dev/hive/runner/Main.class"))
                .isFalse();
        assertThat(HiveTestScanner.mayHoldHiveTest("META-INF/versions/17/x/Y.class"))
                .isFalse();
        assertThat(HiveTestScanner.mayHoldHiveTest("com/example/package-info.class"))
                .isFalse();
    }

    private static void add(JarOutputStream out, Class<?> type) throws IOException {
        String name = type.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(name));
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
            in.transferTo(out);
        }
        out.closeEntry();
    }
}
