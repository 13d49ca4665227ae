package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe whose GDB port is a serial device (a Black Magic Probe, {@code gdbSerial} in the rack file), without
 * hardware: a pseudo-terminal made by {@code socat} whose other end is connected to a real QEMU board's GDB stub
 * stands in for the probe's USB CDC-ACM device. A real monitor process opens the pty through jSerialComm for the
 * lease's GDB stream; the built CLI ({@code hive gdb}) and {@code gdb-multiarch -batch} debug through it.
 */
class SerialGdbPortIT {

    private static final String MISSING = "/dev/hive-test-no-such-bmp-if00";

    @TempDir
    static Path dir;

    private static Path tty;
    private static MonitorProcess monitor;
    private static HiveProcess alice;
    private static PtyBoard board;
    private static PtyRack rack;

    @BeforeAll
    static void start() throws Exception {
        tty = dir.resolve("ttyBMP");
        String channels =
                """
                  - probe: {kind: network, serial: "BMP-ON-A-PTY"}
                    target: lm3s6965evb
                    gdbSerial: %s
                  - probe: {kind: network, serial: "BMP-UNPLUGGED"}
                    target: stm32vldiscovery
                    gdbSerial: %s
                """
                        .formatted(tty, MISSING);
        // the "probe": QEMU's GDB stub, halted, behind a pty made by socat
        rack = PtyRack.start(dir, channels, PtyBoard::gdbStub, tty);
        monitor = rack.monitor();
        alice = rack.alice();
        board = rack.board();
    }

    @AfterAll
    static void stop() throws Exception {
        PtyRack.close(rack);
    }

    @Test
    void gdbDebugsThroughTheSerialDeviceAndTheLeasesEndClosesIt() throws Exception {
        for (int lease = 1; lease <= 2; lease++) {
            HiveProcess.Running bridge = alice.start("gdb", "lm3s6965evb", "--minutes", "5");
            try {
                String port = HiveGdb.awaitOutput(bridge, HiveGdb.TARGET_LINE);
                String out = gdb(port);
                assertThat(out).as("lease " + lease + ": gdb's output").containsPattern("\\$1 = 0x[0-9a-f]{9,16}");
                assertThat(out).as("lease " + lease + ": gdb's output").contains("Breakpoint 1, ");
                // a second GDB connection, left open: the lease's end must close the device under it
                try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
                    PtyBoard.await(() -> board.heldBy(monitor.process), "the monitor to open " + tty, monitor.process);
                    // one stream at a time: a third connection is refused, naming the device
                    try (Socket third = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
                        third.getOutputStream().write('+');
                        PtyBoard.await(
                                () -> Files.readString(bridge.err())
                                        .contains("the GDB serial device " + tty + " is in use by another GDB stream"),
                                "hive to report the busy device",
                                bridge.process());
                        PtyBoard.await(
                                () -> monitor.logTail(200).contains("is in use by another GDB stream"),
                                "the monitor's log to name the busy device",
                                monitor.process);
                    }
                    release(bridge);
                    PtyBoard.await(
                            () -> !board.heldBy(monitor.process),
                            "the monitor to close " + tty + " at the lease's end",
                            monitor.process);
                }
            } finally {
                bridge.process().destroy();
                bridge.process().waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(board.socat.isAlive()).as("socat still serves the pty").isTrue();
        }
    }

    @Test
    void aMissingDeviceIsNamedToTheClient() throws Exception {
        HiveProcess.Running bridge = alice.start("gdb", "stm32vldiscovery", "--minutes", "5");
        try {
            String port = HiveGdb.awaitOutput(bridge, HiveGdb.TARGET_LINE);
            // a GDB connection opens the stream; the monitor closes it, saying why
            try (Socket gdb = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
                gdb.getOutputStream().write("+$qSupported#37".getBytes(StandardCharsets.US_ASCII));
                PtyBoard.await(
                        () -> Files.readString(bridge.err()).contains("hive: the GDB stream closed"),
                        "hive to report the stream's end",
                        bridge.process());
            }
            assertThat(Files.readString(bridge.err())).contains("the GDB serial device " + MISSING + " does not exist");
            assertThat(monitor.logTail(400)).contains("the GDB serial device " + MISSING + " does not exist");
            release(bridge);
        } finally {
            bridge.process().destroy();
            bridge.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Reads {@code hive_uid}, stops at {@code hive_tick} and disconnects, leaving the board halted for the next
     * session (this QEMU's lm3s6965evb, resumed with {@code detach}, soon dies of a segmentation fault after
     * "Timer with period zero").
     */
    private static String gdb(String port) throws Exception {
        return HiveGdb.readUidAndStopAtTick(port, PtyBoard.awaitElf(monitor), "disconnect");
    }

    private static void release(HiveProcess.Running bridge) throws Exception {
        long id = HiveGdb.leaseId(bridge.outSoFar());
        HiveProcess.Result released = alice.run("lease", "release", Long.toString(id));
        assertThat(released.out()).as(released.all()).contains("(released by token:alice)");
    }
}
