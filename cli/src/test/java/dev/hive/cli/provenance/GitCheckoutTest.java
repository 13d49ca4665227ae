package dev.hive.cli.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Git facts of a real checkout made with the real {@code git}, and nothing where there are none. */
class GitCheckoutTest {

    @TempDir
    Path dir;

    @Test
    void aCheckoutGivesItsCommitBranchAndWhetherItIsDirty() throws Exception {
        git("init", "-q", "-b", "feature/x");
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        git("add", "pom.xml");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        String head = git("rev-parse", "HEAD").strip();

        GitCheckout clean = GitCheckout.read(dir).orElseThrow();
        assertThat(clean).isEqualTo(new GitCheckout(head, "feature/x", false));
        assertThat(head).matches("[0-9a-f]{40,64}");

        Files.writeString(dir.resolve("notes.txt"), "untracked");
        assertThat(GitCheckout.read(dir).orElseThrow().dirty()).isTrue();
        Files.delete(dir.resolve("notes.txt"));

        Files.writeString(dir.resolve("pom.xml"), "<project></project>");
        assertThat(GitCheckout.read(dir).orElseThrow().dirty()).isTrue();

        git("checkout", "-q", "--detach");
        assertThat(GitCheckout.read(dir).orElseThrow().branch()).isNull();
    }

    @Test
    void aDirectoryThatIsNotACheckoutGivesNothing() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        for (Path p = plain; p != null; p = p.getParent()) {
            assumeFalse(Files.exists(p.resolve(".git")), "the temporary directory lies in a Git checkout");
        }
        assertThat(GitCheckout.read(plain)).isEmpty();
    }

    @Test
    void aCheckoutWithoutACommitGivesNothing() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        assertThat(GitCheckout.read(dir)).isEmpty();
    }

    @Test
    void noGitGivesNothing() throws Exception {
        git("init", "-q");
        assertThat(GitCheckout.read(dir, dir.resolve("no-such-git").toString(), Duration.ofSeconds(3)))
                .isEmpty();
    }

    private String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("git %s: %s", args, out).isZero();
        return out;
    }
}
