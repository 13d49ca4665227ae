package dev.hive.cli.it;

import java.nio.file.Path;
import java.util.List;

/**
 * A real monitor on a static rack file (health checks off), the CLI as {@code alice}, and a {@link PtyBoard} running
 * the testprogram the monitor built for lm3s6965evb: the serial-device ITs' rack.
 */
record PtyRack(MonitorProcess monitor, HiveProcess alice, PtyBoard board) implements AutoCloseable {

    /** How the board is started ({@link PtyBoard#gdbStub}, {@link PtyBoard#uart}). */
    @FunctionalInterface
    interface BoardStart {
        PtyBoard start(Path dir, Path elf, Path tty) throws Exception;
    }

    /**
     * A monitor on a static rack of {@code channels} (YAML, the list under {@code channels:}) whose flasher does
     * nothing, and {@code board} behind {@code tty}.
     */
    static PtyRack start(Path dir, String channels, BoardStart board, Path tty) throws Exception {
        String rackFile = "name: pty-rack\nbackend: static\nchannels:\n" + channels
                + "flasher:\n  command: [/bin/true, \"{elf}\"]\n";
        MonitorProcess monitor =
                MonitorProcess.start(dir.resolve("monitor"), List.of("alice"), rackFile, "health:\n  checks: false\n");
        try {
            HiveProcess alice = HiveProcess.against(monitor, "alice", dir.resolve("alice"));
            return new PtyRack(monitor, alice, board.start(dir, PtyBoard.awaitElf(monitor), tty));
        } catch (Exception | AssertionError e) {
            monitor.close();
            throw e;
        }
    }

    /** Closes {@code rack} if it was started. */
    static void close(PtyRack rack) throws Exception {
        if (rack != null) {
            rack.close();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            board.close();
        } finally {
            monitor.close();
        }
    }
}
