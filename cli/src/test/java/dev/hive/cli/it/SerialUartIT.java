package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static rack's UART on a serial device ({@code uart} in the rack file), without hardware: a pseudo-terminal made by
 * {@code socat} whose other end is a real QEMU board's first UART stands in for a USB serial adapter. A real monitor
 * process opens the pty through jSerialComm when a lease starts and closes it when the lease ends; the built CLI's
 * {@code hive console} (not on a terminal: the UART to stdout, stdin to the UART) talks to the testprogram through it.
 */
class SerialUartIT {

    private static final String MISSING = "/dev/hive-test-no-such-uart";
    private static final Pattern UID = Pattern.compile("hive:uid=([0-9a-f]{16})");

    @TempDir
    static Path dir;

    private static Path tty;
    private static MonitorProcess monitor;
    private static HiveProcess alice;
    private static PtyBoard board;
    private static PtyRack rack;

    @BeforeAll
    static void start() throws Exception {
        tty = dir.resolve("ttyUSB-adapter");
        String channels =
                """
                  - probe: {kind: network, serial: "UART-ON-A-PTY"}
                    target: lm3s6965evb
                    gdbSerial: /dev/hive-test-no-such-bmp-0
                    uart: %s
                    uartBaud: 9600
                  - probe: {kind: network, serial: "UART-UNPLUGGED"}
                    target: stm32vldiscovery
                    gdbSerial: /dev/hive-test-no-such-bmp-1
                    uart: %s
                """
                        .formatted(tty, MISSING);
        // the "USB serial adapter": the board's UART, the testprogram running, behind a pty made by socat
        rack = PtyRack.start(dir, channels, PtyBoard::uart, tty);
        monitor = rack.monitor();
        alice = rack.alice();
        board = rack.board();
    }

    @AfterAll
    static void stop() throws Exception {
        PtyRack.close(rack);
    }

    @Test
    void hiveConsoleTalksToTheTestprogramThroughTheDeviceAndTheLeasesEndClosesIt() throws Exception {
        for (int round = 1; round <= 2; round++) {
            long id = lease("lm3s6965evb");
            PtyBoard.await(
                    () -> board.heldBy(monitor.process),
                    "the monitor to open " + tty + " for lease " + id,
                    monitor.process);
            HiveProcess.Running console = alice.start("console", Long.toString(id));
            try {
                console.process().getOutputStream().write("uid?\n".getBytes(StandardCharsets.US_ASCII));
                console.process().getOutputStream().flush();
                String uid = HiveGdb.awaitOutput(console, UID);
                assertThat(Long.parseUnsignedLong(uid, 16))
                        .as("lease " + id + ": the UID")
                        .isNotZero();
                assertThat(monitor.logTail(400))
                        .contains("lease " + id + ": opened the UART device " + tty + " at 9600 baud");

                HiveProcess.Result released = alice.run("lease", "release", Long.toString(id));
                assertThat(released.out()).as(released.all()).contains("(released by token:alice)");
                HiveProcess.Result end = console.await();
                assertThat(end.exitCode()).as(end.all()).isZero();
                assertThat(end.err()).contains("the UART stream closed: the lease has ended (released)");
            } finally {
                console.process().destroy();
                console.process().waitFor(30, TimeUnit.SECONDS);
            }
            PtyBoard.await(
                    () -> !board.heldBy(monitor.process),
                    "the monitor to close " + tty + " at the end of lease " + id,
                    monitor.process);
            assertThat(board.socat.isAlive()).as("socat still serves the pty").isTrue();
        }
    }

    @Test
    void aMissingDeviceClosesTheUartStreamSayingWhyAndTheLeaseGoesOn() throws Exception {
        long id = lease("stm32vldiscovery");
        HiveProcess.Result console = alice.run("console", Long.toString(id));
        assertThat(console.err())
                .as(console.all())
                .contains("the UART device " + MISSING + " does not exist (is the serial adapter plugged in?)");
        assertThat(monitor.logTail(400))
                .contains("lease " + id + ": the UART device " + MISSING + " does not exist")
                .contains("the lease goes on without its UART");
        HiveProcess.Result released = alice.run("lease", "release", Long.toString(id));
        assertThat(released.out()).as("the lease went on: " + released.all()).contains("(released by token:alice)");
    }

    /**
     * Leases {@code target} for five minutes, waiting while the previous lease of it is still being restored (the
     * monitor gives a target back only after its reflash).
     */
    private static long lease(String target) throws Exception {
        long[] id = new long[1];
        PtyBoard.await(
                () -> {
                    HiveProcess.Result granted = alice.run("lease", target, "--minutes", "5");
                    if (granted.exitCode() == 0) {
                        id[0] = HiveGdb.leaseId(granted.out());
                        return true;
                    }
                    assertThat(granted.err()).as(granted.all()).contains("being restored after lease");
                    return false;
                },
                "a lease of " + target,
                monitor.process);
        return id[0];
    }
}
