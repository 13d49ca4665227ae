package dev.hive.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.Refused;
import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.runner.Racks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor that breaks the protocol, goes away or does not match the rack: the runner exits non-zero with one
 * clear line on stderr, soon after the fault, whatever its threads were doing: well before the 60 s a
 * link waits for an answer (the bound below is that gap, not a speed target; the machines are shared).
 */
@ExtendWith(SharedRack.class)
class BrokenMonitorIT {

    @TempDir
    Path dir;

    final AtomicLong faultAt = new AtomicLong();

    private TestMonitor monitor() {
        var monitor = new TestMonitor(dir);
        monitor.rack = Racks.rack(0, new String[] {"microbit"});
        return monitor;
    }

    private void assertExitedQuickly(RunRecord run, int code, String message) {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(code);
        List<String> lines =
                run.stderr().lines().filter(l -> l.startsWith("hive runner:")).toList();
        assertThat(lines).singleElement().asString().contains(message);
        assertThat(faultAt.get()).as("the fault happened").isNotZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(run.exitedAfterNanos() - faultAt.get()))
                .as("exit after the fault, in ms: not after waiting out the link's answer timeout")
                .isLessThan(10_000);
    }

    @Test
    void garbageInsteadOfAWelcome() throws Exception {
        var monitor = monitor();
        monitor.onHello = (session, hello) -> {
            faultAt.set(System.nanoTime());
            session.sendRaw("}{ this is not JSON\n");
        };
        RunRecord run = monitor.run(Duration.ofSeconds(20));
        assertExitedQuickly(run, 3, "hive runner: protocol error from the monitor:");
        assertThat(run.failed().map(RunFailed::kind)).contains(RunFailed.Kind.PROTOCOL);
    }

    @Test
    void anOversizedLine() throws Exception {
        var monitor = monitor();
        monitor.onHello = (session, hello) -> {
            byte[] line = new byte[1024 * 1024 + 16];
            Arrays.fill(line, (byte) ' ');
            line[line.length - 1] = '\n';
            Thread sender = new Thread(() -> {
                faultAt.set(System.nanoTime());
                try {
                    session.sendRaw(line);
                } catch (IOException e) {
                    // the runner hangs up in the middle of the line
                }
            });
            sender.setDaemon(true);
            sender.start();
        };
        RunRecord run = monitor.run(Duration.ofSeconds(20));
        assertExitedQuickly(run, 3, "line exceeds 1048576 bytes");
    }

    @Test
    void aClosedSocketInsteadOfAWelcome() throws Exception {
        var monitor = monitor();
        monitor.onHello = (session, hello) -> {
            faultAt.set(System.nanoTime());
            session.close();
        };
        RunRecord run = monitor.run(Duration.ofSeconds(20));
        assertExitedQuickly(run, 3, "hive runner: the monitor closed the connection");
    }

    @Test
    void garbageWhileChannelsWaitForTheirTargets(VirtualRack rack) throws Exception {
        var monitor = monitor();
        monitor.rack = rack.description();
        monitor.onConnect = (session, connect) -> {
            if (faultAt.compareAndSet(0, System.nanoTime())) {
                session.sendRaw("{\"type\":\"connected\",\"requestId\":\"not a number\"}\n");
            }
        };
        RunRecord run = monitor.run(Duration.ofSeconds(20));
        assertExitedQuickly(run, 3, "hive runner: protocol error from the monitor:");
    }

    @Test
    void aClosedSocketWhileATestHangs(VirtualRack rack) throws Exception {
        var monitor = monitor();
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        monitor.options = new RunOptions(Filter.include("hive-virtual-1"), Filter.include("microbit"), 10_000, 300_000);
        monitor.onTestStarted = (session, started) -> {
            if (started.testId().contains("TimeLimitSampleTest")) {
                faultAt.set(System.nanoTime());
                session.close();
            }
        };
        try {
            RunRecord run = monitor.run(Duration.ofSeconds(30));
            assertExitedQuickly(run, 3, "hive runner: the monitor closed the connection");
        } finally {
            // the runner left channel 1 connected; a real monitor restores the rack after every run
            rack.backend.disconnect(1);
        }
    }

    @Test
    void aProbeTheRunnerCannotReachIsADesync() throws Exception {
        var monitor = monitor();
        var rack = Racks.rack(1, new String[] {"microbit"});
        var gone = dir.resolve("gone.sock");
        monitor.rack = new RackDescription(
                rack.name(),
                rack.capabilities(),
                List.of(new ChannelDescription(0, Racks.probe(0, "unix:" + gone), null)),
                rack.stacks());
        monitor.onHello = (session, hello) -> {
            faultAt.set(System.nanoTime());
            session.send(Welcome.of(monitor.rack, monitor.options));
        };
        RunRecord run = monitor.run(Duration.ofSeconds(20));
        assertExitedQuickly(
                run,
                4,
                "hive runner: desync: probe Virtual GDB probe 0 (hive-virtual-0) of channel 0 at unix:" + gone
                        + " is not reachable");
        assertThat(run.failed().map(RunFailed::kind)).contains(RunFailed.Kind.DESYNC);
        assertThat(run.connects()).isEmpty();
    }

    @Test
    void aRefusalOrAnotherProtocolVersionEndsTheRun() throws Exception {
        var refusing = monitor();
        refusing.onHello = (session, hello) -> {
            faultAt.set(System.nanoTime());
            session.send(Refused.of("the run was cancelled while queued"));
        };
        assertExitedQuickly(
                refusing.run(Duration.ofSeconds(20)),
                3,
                "hive runner: the monitor refused the run: the run was cancelled while queued");

        var newer = monitor();
        newer.onHello = (session, hello) -> {
            faultAt.set(System.nanoTime());
            session.send(new Welcome(2, newer.rack, newer.options));
        };
        assertExitedQuickly(
                newer.run(Duration.ofSeconds(20)),
                3,
                "hive runner: the monitor speaks IPC protocol version 2; this runner speaks 1");
    }

    @Test
    void aBadCommandLineIsExitCodeTwo() throws Exception {
        Process runner = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        TestMonitor.RUNNER_JAR.toString(),
                        "only-a-socket")
                .redirectErrorStream(true)
                .start();
        String output = new String(runner.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(runner.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).isEqualTo(2);
        assertThat(output).contains("hive runner: usage: java -jar runner.jar SOCKET RUN_ID");
    }
}
