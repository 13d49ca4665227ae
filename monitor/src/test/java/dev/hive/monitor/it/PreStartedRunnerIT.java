package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.run.TestStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner JVM started before its run, as the monitor keeps one (runner.preStart, on by default), on a virtual
 * rack of two boards: a run is handed to it and gives the results of a cold run; the next run gets a new JVM; a
 * runner JAR whose fixed part differs from the monitor's runs cold and passes; a waiting JVM that dies is replaced;
 * and the waiting JVM does not outlive the monitor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreStartedRunnerIT {

    private static final String PRE_STARTED_MAIN = "dev.hive.runner.prestart.PreStartedMain";
    private static final String PRE_STARTED_LOG = "(pre-started JVM)";

    @TempDir
    static Path dir;

    static LiveMonitor live;

    /** status per test and cell of the cold run */
    static Map<String, TestStatus> coldResults;

    static long firstJvm;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, "", null); // the monitor's own launcher: pre-started runners on
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    @Order(1)
    void aRunnerJarWithAnotherFixedPartClassRunsColdAndPasses() throws Exception {
        Path changed = withChangedFixedPartClass(LiveMonitor.exampleRunner(), dir.resolve("changed-runner.jar"));
        long waiting = awaitReadyJvm(Optional.empty());

        var stream = live.run(changed, null, Duration.ofMinutes(3));

        coldResults = results(stream);
        assertThat(runnerLog(stream)).doesNotContain(PRE_STARTED_LOG);
        assertThat(ProcessHandle.of(waiting).map(ProcessHandle::isAlive))
                .as("the waiting JVM was not used, so it still waits")
                .contains(true);
    }

    @Test
    @Order(2)
    void aRunIsHandedToThePreStartedJvmAndGivesTheResultsOfAColdRun() throws Exception {
        firstJvm = awaitReadyJvm(Optional.empty());

        var stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));

        assertThat(runnerLog(stream)).contains(PRE_STARTED_LOG);
        assertThat(results(stream)).isEqualTo(coldResults);
        awaitGone(firstJvm);
    }

    @Test
    @Order(3)
    void theNextRunGetsANewJvm() throws Exception {
        long second = awaitReadyJvm(Optional.of(firstJvm));
        assertThat(second).isNotEqualTo(firstJvm);

        var stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));

        assertThat(runnerLog(stream)).contains(PRE_STARTED_LOG);
        assertThat(results(stream)).isEqualTo(coldResults);
        awaitGone(second);
    }

    @Test
    @Order(4)
    void aWaitingJvmThatDiesIsReplacedAndTheNextRunUsesTheNewOne() throws Exception {
        long waiting = awaitReadyJvm(Optional.empty());

        ProcessHandle.of(waiting).ifPresent(ProcessHandle::destroyForcibly);
        awaitGone(waiting);
        long replacement = awaitReadyJvm(Optional.of(waiting));

        assertThat(replacement).isNotEqualTo(waiting);
        var stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        assertThat(runnerLog(stream)).contains(PRE_STARTED_LOG);
        assertThat(results(stream)).isEqualTo(coldResults);
    }

    @Test
    @Order(5)
    void theWaitingJvmDoesNotOutliveTheMonitor() throws Exception {
        long waiting = awaitReadyJvm(Optional.empty());

        live.close();
        live = null;

        assertThat(ProcessHandle.of(waiting).filter(ProcessHandle::isAlive))
                .as("pre-started runner pid %d after the monitor's stop", waiting)
                .isEmpty();
        assertThat(preStartedJvms()).isEmpty();
    }

    private static Map<String, TestStatus> results(RunStream stream) throws Exception {
        RunEnded ended = stream.awaitEnded(Duration.ZERO);
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        Map<String, TestStatus> results = new TreeMap<>();
        for (TestFinished finished : stream.all(TestFinished.class)) {
            var r = finished.result();
            results.put(r.testId() + " @ " + r.cell().probe() + " / " + r.cell().target(), r.status());
        }
        assertThat(results).isNotEmpty();
        return results;
    }

    private static String runnerLog(RunStream stream) {
        StringBuilder log = new StringBuilder();
        for (LogLine line : stream.all(LogLine.class)) {
            if (line.source().equals("runner")) {
                log.append(line.message()).append('\n');
            }
        }
        assertThat(log).as("the runner's log").contains("hive test classes");
        return log.toString();
    }

    /**
     * The pids of this JVM's descendants that run the pre-started runner's main class, the topmost of each tree
     * (under bubblewrap the bwrap processes above the JVM carry its command line too).
     */
    private static java.util.List<Long> preStartedJvms() {
        var all = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(PRE_STARTED_MAIN))
                .toList();
        var pids = all.stream().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
        return all.stream()
                .filter(p ->
                        p.parent().map(parent -> !pids.contains(parent.pid())).orElse(true))
                .map(ProcessHandle::pid)
                .toList();
    }

    /** Waits for a pre-started JVM other than {@code not} that has finished its warm-up; answers its pid. */
    private static long awaitReadyJvm(Optional<Long> not) throws Exception {
        Path preStarted = dir.resolve("data").resolve("pre-started");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            var jvms = preStartedJvms().stream()
                    .filter(pid -> not.map(n -> !n.equals(pid)).orElse(true))
                    .toList();
            boolean ready;
            try (var dirs = Files.list(preStarted)) {
                // the newest runner's directory (numbered in start order): an older one may not be deleted yet
                ready = dirs.filter(d -> d.getFileName().toString().matches("[0-9]+"))
                        .max(java.util.Comparator.comparingLong(
                                d -> Long.parseLong(d.getFileName().toString())))
                        .map(d -> Files.exists(d.resolve("run").resolve("pre-started.ready")))
                        .orElse(false);
            } catch (IOException e) {
                ready = false;
            }
            if (jvms.size() == 1 && ready) {
                return jvms.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no ready pre-started runner; pre-started JVMs: " + preStartedJvms());
    }

    private static void awaitGone(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(System.nanoTime()).as("pid %d ended after its run", pid).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * A copy of {@code jar} whose {@code ListMode} class (part of the runner's fixed part; loaded only by the list
     * mode, never by a run) names another source file: a valid class with another CRC32.
     */
    static Path withChangedFixedPartClass(Path jar, Path copy) throws IOException {
        String changedClass = "dev/hive/runner/listing/ListMode.class";
        boolean changed = false;
        try (InputStream in = Files.newInputStream(jar);
                ZipInputStream zin = new ZipInputStream(in);
                OutputStream out = Files.newOutputStream(copy);
                ZipOutputStream zout = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                byte[] bytes = zin.readAllBytes();
                if (entry.getName().equals(changedClass)) {
                    bytes = replace(bytes, "ListMode.java", "ListMode.jav_");
                    changed = true;
                }
                zout.putNextEntry(new ZipEntry(entry.getName()));
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        assertThat(changed).as("%s has %s", jar, changedClass).isTrue();
        return copy;
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
