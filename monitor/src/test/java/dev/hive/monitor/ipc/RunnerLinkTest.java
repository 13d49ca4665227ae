package dev.hive.monitor.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.ipc.Cancel;
import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcLimits;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.Refused;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.RunFinished;
import dev.hive.protocol.ipc.TargetLost;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RunnerLinkTest {

    static final String RUN_ID = "run-42";
    static final LongPredicate US = pid -> pid == ProcessHandle.current().pid();

    static final RackDescription RACK = new RackDescription(
            "test-rack",
            List.of("virtual"),
            List.of(channel(0), channel(1)),
            List.of(
                    new StackDescription(
                            0,
                            "stack-a",
                            List.of(new SlotDescription(0, target("alpha")), new SlotDescription(1, target("beta")))),
                    new StackDescription(1, "stack-b", List.of(new SlotDescription(0, target("gamma"))))));

    static final RunOptions OPTIONS = new RunOptions(null, null, 10_000, 60_000);

    @TempDir
    Path dir;

    final FakeBackend backend = new FakeBackend();
    final RecordingEvents events = new RecordingEvents();
    RunnerLink link;

    @AfterEach
    void closeLink() {
        if (link != null) {
            link.close();
        }
    }

    static ChannelDescription channel(int index) {
        return new ChannelDescription(
                index,
                new ProbeDescription("VIRTUAL_GDB", "probe " + index, 0, 0, "serial-" + index, "unix:/x/" + index),
                null);
    }

    static TargetDescription target(String name) {
        return new TargetDescription(
                name,
                Architecture.ARM,
                "cortex-m3",
                List.of(new MemoryRegion(MemoryKind.FLASH, 0x8000000, 0x20000)),
                null,
                true,
                "flashed");
    }

    static Cell cell(int channel, int stack, int slot, String target) {
        return new Cell(channel, "probe " + channel, "serial-" + channel, stack, slot, target);
    }

    static TestResult result(String id, Cell cell, TestStatus status) {
        return new TestResult(
                id, id, "Tests", id, cell, status, status == TestStatus.PASSED ? null : "why", null, Instant.EPOCH, 5);
    }

    RunnerLink open(LongPredicate peer, RunnerLink.Limits limits) throws IOException {
        link = RunnerLink.open(dir, RUN_ID, backend, RACK, OPTIONS, peer, events, limits);
        return link;
    }

    RunnerLink open() throws IOException {
        return open(US, RunnerLink.Limits.defaults());
    }

    FakeRunner welcomed() throws IOException {
        var runner = new FakeRunner(link.socketPath());
        runner.send(new Hello(IpcLimits.PROTOCOL_VERSION, RUN_ID, "test-runner"));
        runner.read(Welcome.class);
        return runner;
    }

    RunnerFailure failure() throws Exception {
        RunnerFailure failure = events.failed.get(10, TimeUnit.SECONDS);
        assertThat(link.done().get(10, TimeUnit.SECONDS)).contains(failure);
        assertThat(link.socketPath()).doesNotExist();
        return failure;
    }

    @Test
    void servesAWholeConversation() throws Exception {
        open();
        assertThat(link.socketPath()).isEqualTo(dir.resolve("ipc.sock")).exists();
        try (var runner = new FakeRunner(link.socketPath())) {
            runner.send(new Hello(IpcLimits.PROTOCOL_VERSION, RUN_ID, "test-runner"));
            Welcome welcome = runner.read(Welcome.class);
            assertThat(welcome.protocolVersion()).isEqualTo(IpcLimits.PROTOCOL_VERSION);
            assertThat(welcome.rack()).isEqualTo(RACK);
            assertThat(welcome.options()).isEqualTo(OPTIONS);

            runner.send(new Connect(1, 0, 0, 0));
            assertThat(runner.read(Connected.class)).isEqualTo(Connected.success(1));
            runner.send(new Connect(2, 1, 0, 1));
            Connected busy = runner.read(Connected.class);
            assertThat(busy.requestId()).isEqualTo(2);
            assertThat(busy.ok()).isFalse();
            assertThat(busy.error()).contains("stack 0").contains("connected to channel 0");
            runner.send(new Connect(3, 1, 1, 0));
            assertThat(runner.read(Connected.class)).isEqualTo(Connected.success(3));

            Cell a = cell(0, 0, 0, "alpha");
            Cell g = cell(1, 1, 0, "gamma");
            var started = new TestStarted("t1", "t1", a, Instant.EPOCH);
            runner.send(started);
            runner.send(new TestFinished(result("t1", a, TestStatus.PASSED)));
            runner.send(new Log(Log.Level.INFO, 1, "hello from channel 1"));
            runner.send(new TestFinished(result("t1", g, TestStatus.FAILED)));
            runner.send(new TestFinished(result("t2", cell(1, 0, 1, "beta"), TestStatus.ERROR)));
            runner.send(new Disconnect(4, 1));
            assertThat(runner.read(Connected.class)).isEqualTo(Connected.success(4));
            var summary = new Summary(1, 1, 0, 1, 100);
            runner.send(new RunFinished(summary));

            assertThat(events.finished.get(10, TimeUnit.SECONDS)).isEqualTo(summary);
            assertThat(link.done().get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(events.events)
                    .containsExactly(
                            started,
                            result("t1", a, TestStatus.PASSED),
                            new Log(Log.Level.INFO, 1, "hello from channel 1"),
                            result("t1", g, TestStatus.FAILED),
                            result("t2", cell(1, 0, 1, "beta"), TestStatus.ERROR),
                            summary);
        }
        assertThat(link.socketPath()).doesNotExist();
        // channel 0 was left connected by the runner: the link released it
        assertThat(backend.connections).isEmpty();
        assertThat(backend.calls).endsWith("disconnect 0");
    }

    @Test
    void refusesAnotherProtocolVersion() throws Exception {
        open();
        try (var runner = new FakeRunner(link.socketPath())) {
            runner.send(new Hello(IpcLimits.PROTOCOL_VERSION + 1, RUN_ID, "future-runner"));
            Refused refused = runner.read(Refused.class);
            assertThat(refused.reason()).contains("protocol version 2");
            assertThat(runner.read()).isEmpty();
        }
        assertThat(failure().kind()).isEqualTo(RunnerFailure.Kind.REFUSED);
    }

    @Test
    void refusesAnotherRunId() throws Exception {
        open();
        try (var runner = new FakeRunner(link.socketPath())) {
            runner.send(new Hello(IpcLimits.PROTOCOL_VERSION, "run-other", "test-runner"));
            assertThat(runner.read(Refused.class).reason()).contains("run-other");
        }
        assertThat(failure().kind()).isEqualTo(RunnerFailure.Kind.REFUSED);
    }

    @Test
    void garbageFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.sendRaw("this is not json\n");
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("invalid line");
            assertThat(runner.read()).isEmpty();
        }
    }

    @Test
    void anOversizedLineFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            byte[] line = new byte[IpcLimits.MAX_LINE_BYTES + 100];
            Arrays.fill(line, (byte) 'a');
            try {
                runner.sendRaw(line);
            } catch (IOException e) {
                // the monitor hung up in the middle: as it should
            }
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("exceeds");
        }
    }

    @Test
    void aResultWithOutputOverItsBoundFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            String result =
                    new ObjectMapper().writeValueAsString(result("t1", cell(0, 0, 0, "alpha"), TestStatus.SKIPPED));
            String tooMuch = "x".repeat(TestOutput.MAX_STREAM_CHARS + 1);
            runner.sendRaw("{\"type\":\"testFinished\",\"result\":"
                    + result.replace(
                            "\"output\":null",
                            "\"output\":{\"stdout\":\"" + tooMuch + "\",\"stderr\":\"\",\"reports\":[]}")
                    + "}\n");
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("stdout must be at most 65536 characters, was 65537");
        }
        assertThat(events.events).containsExactly(events.failed.get());
    }

    @Test
    void anUnknownMessageFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.sendRaw("{\"type\":\"selfDestruct\",\"when\":\"now\"}\n");
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("selfDestruct");
        }
    }

    @Test
    void aMonitorMessageFromTheRunnerFailsIt() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new Cancel("no"));
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("'cancel'");
        }
    }

    @Test
    void aChannelOutsideTheRackFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new Connect(1, 7, 0, 0));
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("channel 7").contains("0..1");
        }
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void anEmptySlotFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new Connect(1, 0, 1, 3));
            assertThat(failure().reason()).contains("slot 3 of stack 1");
        }
    }

    @Test
    void aResultOnACellNeverConnectedFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new TestFinished(result("t1", cell(0, 0, 0, "alpha"), TestStatus.PASSED)));
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("never connected");
        }
        assertThat(events.events).containsExactly(events.failed.get());
    }

    @Test
    void aResultNamingTheWrongTargetFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new TestFinished(result("t1", cell(0, 0, 0, "beta"), TestStatus.ERROR)));
            assertThat(failure().reason()).contains("target beta").contains("holds alpha");
        }
    }

    @Test
    void closingBeforeRunFinishedFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new Connect(1, 0, 0, 0));
            runner.read(Connected.class);
        }
        RunnerFailure failure = failure();
        assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.CLOSED);
        assertThat(failure.reason()).contains("before runFinished");
        assertThat(backend.connections).isEmpty();
    }

    @Test
    void tooManyMessagesFailTheRunner() throws Exception {
        open(US, new RunnerLink.Limits(5, 1000, Duration.ofSeconds(10), 4));
        try (var runner = welcomed()) {
            for (int i = 0; i < 10 && !link.isOver(); i++) {
                try {
                    runner.send(new Log(Log.Level.DEBUG, null, "line " + i));
                } catch (IOException e) {
                    break;
                }
            }
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.LIMIT);
            assertThat(failure.reason()).contains("more than 5 messages");
        }
        assertThat(events.events).hasSize(4 + 1); // hello counts as the first message
    }

    @Test
    void tooFastFailsTheRunner() throws Exception {
        open(US, new RunnerLink.Limits(1000, 20, Duration.ofSeconds(10), 4));
        try (var runner = welcomed()) {
            for (int i = 0; i < 100 && !link.isOver(); i++) {
                try {
                    runner.send(new Log(Log.Level.DEBUG, null, "line " + i));
                } catch (IOException e) {
                    break;
                }
            }
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.LIMIT);
            assertThat(failure.reason()).contains("in a second");
        }
    }

    @Test
    void aForeignPeerIsRefused() throws Exception {
        open(pid -> false, new RunnerLink.Limits(1000, 1000, Duration.ofMillis(1500), 4));
        try (var stranger = new FakeRunner(dir.resolve("ipc.sock"))) {
            assertThat(stranger.read(Refused.class).reason()).contains("another process");
            assertThat(stranger.read()).isEmpty();
        }
        RunnerFailure failure = failure();
        assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.NO_RUNNER);
        assertThat(events.events).containsExactly(failure);
    }

    @Test
    void aForeignPeerDoesNotKeepTheRunnerOut() throws Exception {
        var asked = new AtomicInteger();
        open(pid -> asked.incrementAndGet() > 1, RunnerLink.Limits.defaults());
        try (var stranger = new FakeRunner(link.socketPath())) {
            assertThat(stranger.read(Refused.class).reason()).contains("another process");
        }
        try (var runner = welcomed()) {
            runner.send(new RunFinished(new Summary(0, 0, 0, 0, 1)));
            assertThat(link.done().get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aSecondConnectionFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed();
                var second = new FakeRunner(link.socketPath())) {
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.SECOND_CONNECTION);
            assertThat(runner.read()).isEmpty();
        }
    }

    @Test
    void forwardsTargetLostForConnectedSlotsOnly() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new Connect(1, 0, 0, 1));
            runner.read(Connected.class);
            backend.loseTarget(new SlotAddress(1, 0), "not ours");
            backend.loseTarget(new SlotAddress(0, 1), "QEMU crashed");
            assertThat(runner.read(TargetLost.class)).isEqualTo(new TargetLost(0, 1, "QEMU crashed"));
            link.cancel("the user asked");
            assertThat(runner.read(Cancel.class)).isEqualTo(new Cancel("the user asked"));
            runner.send(new RunFinished(new Summary(0, 0, 0, 0, 1)));
            assertThat(link.done().get(10, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(backend.connections).isEmpty();
    }

    @Test
    void closingTheLinkEndsItAsAborted() throws Exception {
        open();
        try (var runner = welcomed()) {
            link.close();
            assertThat(link.done().get(1, TimeUnit.SECONDS))
                    .map(RunnerFailure::kind)
                    .contains(RunnerFailure.Kind.ABORTED);
            assertThat(runner.read()).isEmpty();
        }
        assertThat(link.socketPath()).doesNotExist();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(
                        t -> t.getName().startsWith("hive-ipc-") && t.getName().contains(RUN_ID));
    }

    @Test
    void aSummaryThatDoesNotMatchTheResultsFailsTheRunner() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new TestFinished(result("t1", cell(0, 0, 0, "alpha"), TestStatus.SKIPPED)));
            runner.send(new RunFinished(new Summary(1, 0, 0, 0, 10)));
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.PROTOCOL);
            assertThat(failure.reason()).contains("runFinished counts 1 passed");
        }
        assertThat(events.finished).isNotDone();
    }

    @Test
    void aRunnerThatReportsRunFailedFails() throws Exception {
        open();
        try (var runner = welcomed()) {
            runner.send(new RunFailed(RunFailed.Kind.DESYNC, "probe 0 gone"));
            RunnerFailure failure = failure();
            assertThat(failure.kind()).isEqualTo(RunnerFailure.Kind.RUNNER_FAILED);
            assertThat(failure.reason()).contains("DESYNC").contains("probe 0 gone");
        }
        assertThat(events.events.get(0)).isInstanceOf(RunFailed.class);
    }

    @Test
    void aRunnerThatNeverComesFails() throws Exception {
        open(US, new RunnerLink.Limits(1000, 1000, Duration.ofMillis(500), 4));
        assertThat(failure().reason()).contains("did not connect within 500 ms");
        assertThat(Optional.of(Files.exists(dir.resolve("ipc.sock")))).contains(false);
    }
}
