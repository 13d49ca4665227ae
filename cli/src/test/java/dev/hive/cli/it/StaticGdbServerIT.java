package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GDB servers started for a lease from a static rack's {@code gdbServer} template, without hardware: the
 * "server" is QEMU's own GDB stub, started by the monitor from the template with the target's testprogram, in
 * TCP mode ({@code -gdb tcp:127.0.0.1:{port}}, one per lease) and in pipe mode ({@code -gdb stdio}, one per
 * connection). A real monitor process, the built CLI ({@code hive gdb}) and {@code gdb-multiarch -batch}; the
 * server's processes must be gone once the lease is released.
 */
class StaticGdbServerIT {

    static final String RACK_FILE =
            """
            name: static-gdb
            backend: static
            channels:
              - probe: {kind: network, serial: "QEMU-TCP"}
                target: lm3s6965evb
                gdbServer:
                  mode: tcp
                  command: [qemu-system-arm, -M, lm3s6965evb, -display, none, -serial, "null", -monitor, none,
                            -S, -gdb, "tcp:127.0.0.1:{port}", -kernel, "{elf}"]
              - probe: {kind: network, serial: "QEMU-PIPE"}
                target: stm32vldiscovery
                gdbServer:
                  mode: pipe
                  command: [qemu-system-arm, -M, stm32vldiscovery, -display, none, -serial, "null", -monitor, none,
                            -S, -gdb, stdio, -kernel, "{elf}"]
            flasher:
              command: [/bin/true, "{elf}"]
            """;

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;
    private static HiveProcess alice;

    @BeforeAll
    static void startMonitor() throws Exception {
        // the built-in health check runs a runner against USB probes; these network probes are reached by GDB only
        monitor =
                MonitorProcess.start(dir.resolve("monitor"), List.of("alice"), RACK_FILE, "health:\n  checks: false\n");
        alice = HiveProcess.against(monitor, "alice", dir.resolve("alice"));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aTcpServerIsStartedForTheLeaseServesGdbAndIsStoppedAtRelease() throws Exception {
        String out = debug("lm3s6965evb", "00000000", () -> {
            // one server for the whole lease: it is still there after GDB detached
            assertThat(servers("lm3s6965evb")).as("the lease's GDB server").hasSize(1);
        });
        assertThat(out).containsPattern("\\$1 = 0x[0-9a-f]{9,16}").contains("Breakpoint 1, ");
    }

    @Test
    void aPipeServerIsStartedPerConnectionAndStopped() throws Exception {
        String out = debug("stm32vldiscovery", "08000000", () -> {
            // one server per connection: it ends with GDB's connection
            awaitGone("stm32vldiscovery");
        });
        assertThat(out).containsPattern("\\$1 = 0x[0-9a-f]{9,16}").contains("Breakpoint 1, ");
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    /**
     * Leases {@code target} through {@code hive gdb}, reads {@code hive_uid} and stops at {@code hive_tick} with
     * gdb-multiarch, runs {@code whileLeased}, releases the lease and awaits the end of every server process.
     */
    private String debug(String target, String flashOrigin, Check whileLeased) throws Exception {
        HiveProcess.Running bridge = alice.start("gdb", target, "--minutes", "5");
        try {
            String port = HiveGdb.awaitOutput(bridge, HiveGdb.TARGET_LINE);
            String output = HiveGdb.readUidAndStopAtTick(port, elf(flashOrigin), "detach");
            assertThat(output).as("gdb's output").contains("hive_tick");
            whileLeased.run();
            long id = HiveGdb.leaseId(bridge.outSoFar());
            HiveProcess.Result released = alice.run("lease", "release", Long.toString(id));
            assertThat(released.out()).as(released.all()).contains("(released by token:alice)");
            awaitGone(target);
            return output;
        } finally {
            bridge.process().destroy();
            bridge.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The QEMU processes the monitor started for {@code machine} (their ELF lies in this test's directory). */
    private static List<ProcessHandle> servers(String machine) {
        String mine = dir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .filter(c -> c.contains("qemu-system-arm") && c.contains(machine) && c.contains(mine))
                        .isPresent())
                .toList();
    }

    private static void awaitGone(String machine) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!servers(machine).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the GDB server for " + machine + " is still running: "
                        + servers(machine).stream()
                                .map(p -> p.info().commandLine().orElse("?"))
                                .toList());
            }
            Thread.sleep(100);
        }
    }

    /** The testprogram ELF the monitor built for the board whose flash starts at {@code flashOrigin}. */
    private static Path elf(String flashOrigin) throws IOException {
        try (Stream<Path> files = Files.walk(monitor.dir.resolve("data"))) {
            return files.filter(p -> p.getFileName().toString().equals("hive.elf"))
                    .filter(p -> p.toString().contains("cortex-m3-" + flashOrigin))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no testprogram ELF at " + flashOrigin + " under " + dir));
        }
    }
}
