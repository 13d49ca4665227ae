package dev.hive.runner.trace;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The steps of the runner's start, each timed once (its first time), when {@code -Dhive.runner.trace=true}; off,
 * a step costs one read of a constant. {@link #report()} gives the times in milliseconds since the JVM started:
 * the JVM's uptime is read once, at the end, so tracing loads nothing on the way to the first test.
 */
public final class StartTrace {

    /** The steps, in the order a run normally takes them (the warm-up's discovery runs beside the main thread). */
    public enum Step {
        MAIN,
        /** The hive test classes found in the JAR ({@code HiveTestScanner}); the warm-up's discovery starts. */
        SCANNED,
        /** Connected to the monitor, the IPC codec built. */
        LINK_READY,
        HELLO_SENT,
        /** The welcome received and decoded. */
        WELCOME,
        /** The suite discovered (on the warm-up thread). */
        DISCOVERED,
        /** A channel's first {@code connect} answered. */
        FIRST_CONNECT,
        /** The first test started, just before its {@code testStarted} is sent. */
        FIRST_TEST_STARTED
    }

    /** Whether the runner was started with {@code -Dhive.runner.trace=true}. */
    public static final boolean ENABLED = Boolean.getBoolean("hive.runner.trace");

    private static final Map<Step, Long> AT = new EnumMap<>(Step.class);

    private StartTrace() {}

    /** Records {@code step} now, unless it was recorded before or tracing is off. */
    public static void mark(Step step) {
        if (ENABLED) {
            long now = System.nanoTime();
            synchronized (AT) {
                AT.putIfAbsent(step, now);
            }
        }
    }

    /** The line the runner writes at its end: {@code hive runner start (ms since JVM start): main 190, ...}. */
    public static String report() {
        long uptimeNow = ManagementFactory.getRuntimeMXBean().getUptime();
        long nanoNow = System.nanoTime();
        var line = new StringJoiner(", ", "hive runner start (ms since JVM start): ", "");
        synchronized (AT) {
            AT.forEach((step, at) -> line.add(
                    step.name().toLowerCase(java.util.Locale.ROOT) + " " + (uptimeNow - (nanoNow - at) / 1_000_000)));
        }
        return line.toString();
    }
}
