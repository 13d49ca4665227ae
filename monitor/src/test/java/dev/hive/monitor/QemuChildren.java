package dev.hive.monitor;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The QEMU processes this test JVM started (its live descendants), for tests that watch boards come and go. */
public final class QemuChildren {

    private QemuChildren() {}

    /** Their process ids, in order. */
    public static List<Long> pids() {
        return live().map(ProcessHandle::pid).toList();
    }

    /** Their command lines, in process id order. */
    public static List<String> commandLines() {
        return live().map(p -> p.info().commandLine().orElse("")).toList();
    }

    /** Reads {@code read} until {@code wanted} holds or {@code limit} has passed; answers the last reading. */
    public static <T> T await(Supplier<T> read, Predicate<T> wanted, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        T now = read.get();
        while (!wanted.test(now) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = read.get();
        }
        return now;
    }

    private static java.util.stream.Stream<ProcessHandle> live() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p ->
                        p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                .sorted(Comparator.comparingLong(ProcessHandle::pid));
    }
}
