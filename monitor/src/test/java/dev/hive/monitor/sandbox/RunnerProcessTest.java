package dev.hive.monitor.sandbox;

import static dev.hive.monitor.sandbox.ProcessTestSupport.eventuallyGone;
import static dev.hive.monitor.sandbox.ProcessTestSupport.script;
import static dev.hive.monitor.sandbox.ProcessTestSupport.waitForText;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RunnerProcessTest {
    private static final Sandbox PLAIN = Sandbox.of(SandboxMode.NONE);
    private static final Duration GRACE = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private RunnerProcess start(Path script, Duration limit) throws Exception {
        return RunnerProcess.start(PLAIN, SandboxSpec.builder(dir).build(), List.of(script.toString()), limit, GRACE);
    }

    @Test
    void hundredMegabytesOnStdoutAreDrainedAndHeadAndTailKept() throws Exception {
        Path s = script(
                dir,
                "flood.sh",
                "printf HEAD-MARK\nhead -c 100000000 /dev/zero | tr '\\0' x\nprintf TAIL-MARK\necho to-stderr >&2");
        RunnerProcess p = start(s, Duration.ofSeconds(40));
        RunnerOutcome o = p.awaitExit();

        assertThat(o.kind()).isEqualTo(RunnerOutcome.Kind.EXITED);
        assertThat(o.exitCode()).isZero();
        OutputLog.Snapshot out = o.stdout();
        long total = 100_000_000L + 18;
        assertThat(out.totalBytes()).isEqualTo(total);
        assertThat(out.head()).hasSize(OutputLog.DEFAULT_HEAD);
        assertThat(out.tail()).hasSize(OutputLog.DEFAULT_TAIL);
        assertThat(out.droppedBytes()).isEqualTo(total - OutputLog.DEFAULT_HEAD - OutputLog.DEFAULT_TAIL);
        assertThat(new String(out.head(), StandardCharsets.US_ASCII)).startsWith("HEAD-MARKxxx");
        assertThat(new String(out.tail(), StandardCharsets.US_ASCII)).endsWith("xxxTAIL-MARK");
        assertThat(o.stderr().text()).isEqualTo("to-stderr\n");
        assertThat(o.outputExcerpt(20)).contains("HEAD-MARK", "TAIL-MARK", "dropped", "to-stderr");
    }

    @Test
    void exitAtOnceKeepsCodeAndOutput() throws Exception {
        Path s = script(dir, "quick.sh", "echo hello out\necho hello err >&2\nexit 7");
        RunnerOutcome o = start(s, Duration.ofSeconds(20)).awaitExit();

        assertThat(o.kind()).isEqualTo(RunnerOutcome.Kind.EXITED);
        assertThat(o.exitCode()).isEqualTo(7);
        assertThat(o.stdout().text()).isEqualTo("hello out\n");
        assertThat(o.stderr().text()).isEqualTo("hello err\n");
        assertThat(o.stdout().droppedBytes()).isZero();
    }

    @Test
    void hangingProcessTimesOutAndIsGone() throws Exception {
        Path s = script(dir, "hang.sh", "echo started\nexec sleep 600");
        long t0 = System.nanoTime();
        RunnerProcess p = start(s, Duration.ofSeconds(1));
        RunnerOutcome o = p.awaitExit();

        assertThat(o.kind()).isEqualTo(RunnerOutcome.Kind.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(o.stdout().text()).isEqualTo("started\n");
        assertThat(eventuallyGone(p.pid(), Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void treeWithChildrenIgnoringSigtermIsKilledOnTimeout() throws Exception {
        // One child in the runner's process group and one in a session of its own, both ignoring SIGTERM.
        Path s = script(
                dir,
                "tree.sh",
                String.join(
                        "\n",
                        "trap '' TERM",
                        "sh -c 'trap \"\" TERM; exec sleep 600' &",
                        "echo $! > child1.pid",
                        "setsid sh -c 'trap \"\" TERM; exec sleep 600' &",
                        "echo $! > child2.pid",
                        "echo spawned",
                        "while true; do sleep 1; done"));
        RunnerProcess p = start(s, Duration.ofSeconds(2));
        waitForText(p.stdout(), "spawned", Duration.ofSeconds(5));
        long child1 = Long.parseLong(Files.readString(dir.resolve("child1.pid")).strip());
        long child2 = Long.parseLong(Files.readString(dir.resolve("child2.pid")).strip());
        assertThat(p.isProcessOrDescendant(child1)).isTrue();

        RunnerOutcome o = p.awaitExit();

        assertThat(o.kind()).isEqualTo(RunnerOutcome.Kind.TIMED_OUT);
        assertThat(eventuallyGone(p.pid(), Duration.ofSeconds(2))).isTrue();
        assertThat(eventuallyGone(child1, Duration.ofSeconds(2))).isTrue();
        assertThat(eventuallyGone(child2, Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void runsInItsOwnProcessGroup() throws Exception {
        Path s = script(dir, "group.sh", "echo ready\nexec sleep 600");
        RunnerProcess p = start(s, Duration.ofSeconds(20));
        waitForText(p.stdout(), "ready", Duration.ofSeconds(5));
        assertThat(RunnerProcess.processGroupOf(p.pid())).isEqualTo(p.pid());
        p.cancel();
        assertThat(p.awaitExit().kind()).isEqualTo(RunnerOutcome.Kind.KILLED);
    }

    @Test
    void peerPidCheckAcceptsDescendantsOnly() throws Exception {
        Path s = script(dir, "parent.sh", "sleep 600 &\necho child=$!\nwait");
        RunnerProcess p = start(s, Duration.ofSeconds(20));
        String text = waitForText(p.stdout(), "\n", Duration.ofSeconds(5));
        long child = Long.parseLong(text.substring(text.indexOf('=') + 1).strip());

        assertThat(p.isProcessOrDescendant(p.pid())).isTrue();
        assertThat(p.isProcessOrDescendant(child)).isTrue();
        assertThat(p.isProcessOrDescendant(ProcessHandle.current().pid())).isFalse();
        assertThat(p.isProcessOrDescendant(1)).isFalse();

        p.cancel();
        RunnerOutcome o = p.awaitExit(Duration.ofSeconds(10));
        assertThat(o.kind()).isEqualTo(RunnerOutcome.Kind.KILLED);
        assertThat(eventuallyGone(child, Duration.ofSeconds(2))).isTrue();
        assertThat(p.isProcessOrDescendant(child)).isFalse();
    }

    @Test
    void noSupervisionThreadIsLeftBehind() throws Exception {
        Path s = script(dir, "bg.sh", "sleep 600 &\necho done");
        RunnerProcess p = start(s, Duration.ofSeconds(20));
        RunnerOutcome o = p.awaitExit();
        assertThat(o.kind()).isEqualTo(RunnerOutcome.Kind.EXITED);
        String prefix = "runner-" + p.pid() + "-";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && runnerThreads(prefix) > 0) {
            Thread.sleep(20);
        }
        assertThat(runnerThreads(prefix)).isZero();
    }

    private static long runnerThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .count();
    }
}
