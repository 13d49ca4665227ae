package dev.hive.cli.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the GitHub Actions report that need no monitor: detection, escaping, the failing line. */
class GitHubActionsTest {

    @TempDir
    Path workspace;

    private static final String TRACE =
            """
            org.opentest4j.AssertionFailedError: expected: <4> but was: <3>
            \tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:151)
            \tat org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:563)
            \tat fixture.lib.hive.ProbeTest$Nested.countsChannels(ProbeTest.java:27)
            \tat fixture.lib.hive.ProbeTest.countsChannels(ProbeTest.java:15)
            """;

    @Test
    void onlyAGitHubJobGetsTheReport() {
        assertThat(GitHubActions.fromEnvironment(Map.of(), null)).isEmpty();
        assertThat(GitHubActions.fromEnvironment(Map.of("GITHUB_ACTIONS", "false"), null))
                .isEmpty();
        assertThat(GitHubActions.fromEnvironment(Map.of("GITHUB_ACTIONS", "true"), null))
                .isPresent();
    }

    @Test
    void theFailingLineIsTheTestClasssFirstFrameAsAFileOfTheWorkspace() throws Exception {
        Path tests = workspace.resolve("probe-lib/src/hive/java");
        Path source = tests.resolve("fixture/lib/hive/ProbeTest.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class ProbeTest {}");

        assertThat(SourceLine.find(TRACE, "fixture.lib.hive.ProbeTest", tests, workspace))
                .contains(new SourceLine("probe-lib/src/hive/java/fixture/lib/hive/ProbeTest.java", 27));
        assertThat(SourceLine.find(TRACE, "fixture.lib.hive.ProbeTest", null, workspace))
                .contains(new SourceLine("fixture/lib/hive/ProbeTest.java", 27));
        assertThat(SourceLine.find(TRACE, "fixture.lib.hive.Other", tests, workspace))
                .isEmpty();
        assertThat(SourceLine.find(null, "fixture.lib.hive.ProbeTest", tests, workspace))
                .isEmpty();
    }

    @Test
    void workflowCommandsAndTableCellsAreEscaped() {
        assertThat(GitHubActions.data("100% done\r\nnext")).isEqualTo("100%25 done%0D%0Anext");
        assertThat(GitHubActions.property("A > b, c: d")).isEqualTo("A > b%2C c%3A d");
        assertThat(GitHubActions.cellText("a | b\n<c>")).isEqualTo("a \\| b &lt;c&gt;");
    }
}
