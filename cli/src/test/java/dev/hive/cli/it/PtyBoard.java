package dev.hive.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A serial device without hardware: a QEMU lm3s6965evb board one of whose sockets (its GDB stub, or its first UART)
 * is behind a pseudo-terminal made by {@code socat pty,raw,echo=0,link=TTY unix-connect:SOCKET}. The monitor opens
 * {@code TTY} through jSerialComm as it would a probe's CDC-ACM port or a USB serial adapter.
 */
final class PtyBoard implements AutoCloseable {

    final Path tty;
    final Process qemu;
    final Process socat;

    private PtyBoard(Path tty, Process qemu, Process socat) {
        this.tty = tty;
        this.qemu = qemu;
        this.socat = socat;
    }

    /** The board halted ({@code -S}) with {@code elf}, its GDB stub behind {@code tty}. */
    static PtyBoard gdbStub(Path dir, Path elf, Path tty) throws Exception {
        Path stub = dir.resolve("stub.sock");
        return start(dir, tty, stub, List.of("-serial", "null", "-S", "-gdb", server(stub)), elf);
    }

    /** The board running {@code elf}, its first UART behind {@code tty}. */
    static PtyBoard uart(Path dir, Path elf, Path tty) throws Exception {
        Path uart = dir.resolve("uart.sock");
        return start(dir, tty, uart, List.of("-serial", server(uart)), elf);
    }

    private static String server(Path socket) {
        return "unix:" + socket + ",server=on,wait=off";
    }

    private static PtyBoard start(Path dir, Path tty, Path socket, List<String> devices, Path elf) throws Exception {
        var command = new ArrayList<>(
                List.of("qemu-system-arm", "-M", "lm3s6965evb", "-display", "none", "-monitor", "none"));
        command.addAll(devices);
        command.addAll(List.of("-kernel", elf.toString()));
        Process qemu = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile())
                .start();
        Process socat = null;
        try {
            await(() -> Files.exists(socket), "QEMU's socket " + socket, qemu);
            socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + tty, "unix-connect:" + socket)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("socat.log").toFile())
                    .start();
            Process started = socat;
            await(() -> Files.exists(tty), "socat's pty " + tty, started);
            return new PtyBoard(tty, qemu, socat);
        } catch (Exception | AssertionError e) {
            new PtyBoard(tty, qemu, socat).close();
            throw e;
        }
    }

    /** Whether {@code process} (or a child of it) has this board's pty open. */
    boolean heldBy(Process process) throws IOException {
        String device = tty.toRealPath().toString();
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .anyMatch(p -> {
                    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                        return fds.anyMatch(fd -> {
                            try {
                                return Files.readSymbolicLink(fd).toString().equals(device);
                            } catch (IOException e) {
                                return false; // closed while listed
                            }
                        });
                    } catch (IOException e) {
                        return false; // the process has ended
                    }
                });
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : new Process[] {socat, qemu}) {
            if (p != null) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The testprogram ELF {@code monitor} built for lm3s6965evb (flash at 0). */
    static Path awaitElf(MonitorProcess monitor) throws Exception {
        Path[] found = new Path[1];
        await(
                () -> {
                    try (Stream<Path> files = Files.walk(monitor.dir.resolve("data"))) {
                        found[0] = files.filter(p -> p.getFileName().toString().equals("hive.elf"))
                                .filter(p -> p.toString().contains("cortex-m3-00000000"))
                                .findFirst()
                                .orElse(null);
                    }
                    return found[0] != null;
                },
                "the monitor's testprogram ELF for lm3s6965evb",
                monitor.process);
        return found[0];
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits up to 60 s for {@code condition}, failing at once if {@code owner} ends. */
    static void await(Condition condition, String what, Process owner) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.holds()) {
            if (!owner.isAlive()) {
                throw new AssertionError(
                        "waiting for " + what + ": the process ended (exit " + owner.exitValue() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " in 60 s");
            }
            Thread.sleep(50);
        }
    }
}
