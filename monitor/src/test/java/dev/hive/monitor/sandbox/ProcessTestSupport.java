package dev.hive.monitor.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

final class ProcessTestSupport {
    private ProcessTestSupport() {}

    static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** True when the process is gone or only a zombie (nothing reaps orphans in some containers). */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    static boolean eventuallyGone(long pid, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (gone(pid)) {
                return true;
            }
            Thread.sleep(20);
        }
        return gone(pid);
    }

    static String waitForText(OutputLog log, String needle, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            String text = log.snapshot().text();
            if (text.contains(needle)) {
                return text;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "no '" + needle + "' in output: " + log.snapshot().text());
    }
}
