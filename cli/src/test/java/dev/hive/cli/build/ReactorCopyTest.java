package dev.hive.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy of a reactor a runner is built in: what is copied, what is left, and how it keeps in step. */
class ReactorCopyTest {

    @TempDir
    Path dir;

    private Path write(String path, String text) throws Exception {
        Path file = dir.resolve("src").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void copiesWhatABuildReadsAndLeavesBuildOutputUnitTestsAndDocs() throws Exception {
        write("pom.xml", "<project/>");
        write("README.md", "# lib");
        write("lib/pom.xml", "<project/>");
        write("lib/src/main/java/a/A.java", "class A {}");
        write("lib/src/main/java/a/target/T.java", "class T {}");
        write("lib/src/main/resources/notes.md", "kept: not beside a POM");
        write("lib/src/hive/java/a/ATest.java", "class ATest {}");
        write("lib/src/test/java/a/AUnitTest.java", "class AUnitTest {}");
        write("lib/target/classes/a/A.class", "");
        write(".git/HEAD", "ref");
        write(".idea/misc.xml", "<x/>");
        write("node_modules/x/index.js", "");

        assertThat(ReactorCopy.ofReactor(dir.resolve("src")).files())
                .containsExactly(
                        "lib/pom.xml",
                        "lib/src/hive/java/a/ATest.java",
                        "lib/src/main/java/a/A.java",
                        "lib/src/main/java/a/target/T.java",
                        "lib/src/main/resources/notes.md",
                        "pom.xml");
    }

    @Test
    void syncCopiesChangesReplacesPomsDeletesWhatWentAndKeepsBuildOutput() throws Exception {
        write("pom.xml", "<project/>");
        Path a = write("src/main/java/A.java", "class A {}");
        Path b = write("src/main/java/B.java", "class B {}");
        Path copy = dir.resolve("copy");
        ReactorCopy.ofReactor(dir.resolve("src")).syncTo(copy, Map.of("pom.xml", "<project>rewritten</project>"));
        Files.createDirectories(copy.resolve("target/classes"));
        Files.writeString(copy.resolve("target/classes/A.class"), "built");
        Files.writeString(copy.resolve(".hive-runner.xml"), "ours");

        Files.writeString(a, "class A { int x; }");
        Files.setLastModifiedTime(
                a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 2000));
        Files.delete(b);
        ReactorCopy.ofReactor(dir.resolve("src")).syncTo(copy, Map.of("pom.xml", "<project>rewritten</project>"));

        assertThat(copy.resolve("pom.xml")).hasContent("<project>rewritten</project>");
        assertThat(copy.resolve("src/main/java/A.java")).hasContent("class A { int x; }");
        assertThat(Files.getLastModifiedTime(copy.resolve("src/main/java/A.java")))
                .isEqualTo(Files.getLastModifiedTime(a));
        assertThat(copy.resolve("src/main/java/B.java")).doesNotExist();
        assertThat(copy.resolve("target/classes/A.class")).hasContent("built");
        assertThat(copy.resolve(".hive-runner.xml")).hasContent("ours");
    }
}
