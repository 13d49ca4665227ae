package dev.hive.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first hive test compiles against the runner API the CLI installs, in a package made from the groupId. */
class FirstTestSourceTest {

    @TempDir
    Path dir;

    @Test
    void theFirstTestCompilesAgainstTheRunnerApi() throws Exception {
        Path source = dir.resolve("src/com/example/probe/FirstHiveTest.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, FirstTestSource.source("com.example.probe"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = compiler.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of(
                                    "-classpath", System.getProperty("java.class.path"),
                                    "-d", dir.resolve("classes").toString(),
                                    "-Xlint:all", "-Werror"),
                            null,
                            files.getJavaFileObjects(source))
                    .call();
            assertThat(ok).as("%s", diagnostics.getDiagnostics()).isTrue();
        }
        assertThat(dir.resolve("classes/com/example/probe/FirstHiveTest.class")).exists();
    }

    @Test
    void thePackageComesFromTheGroupId() {
        assertThat(FirstTestSource.packageOf("com.example")).isEqualTo("com.example");
        assertThat(FirstTestSource.packageOf("org.My-Company.2fast")).isEqualTo("org.my_company._2fast");
        assertThat(FirstTestSource.packageOf("io.int.x")).isEqualTo("io._int.x");
    }
}
