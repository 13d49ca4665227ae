package dev.hive.rack.physical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** Small shell scripts that stand in for flashing tools, and checks on the processes they leave. */
final class TestScripts {

    private TestScripts() {}

    /** Writes an executable {@code /bin/sh} script with {@code body} into {@code dir}. */
    static Path script(Path dir, String name, String body) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** An empty file standing in for a testprogram image. */
    static Path image(Path dir, String name) {
        try {
            return Files.write(dir.resolve(name), new byte[] {0x7f, 'E', 'L', 'F'});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code pid} is a running process. A killed process that nobody has reaped yet (a zombie) is not
     * running: its state in {@code /proc} is {@code Z}.
     */
    static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until {@code file} exists and has a line, and returns that line; fails after {@code limit}. */
    static String awaitLine(Path file, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String text = Files.exists(file) ? Files.readString(file).strip() : "";
                if (!text.isEmpty()) {
                    return text.lines().findFirst().orElseThrow();
                }
            } catch (IOException e) {
                // written right now; try again
            }
            Thread.sleep(20);
        }
        throw new AssertionError(file + " was not written within " + limit);
    }
}
