package dev.hive.monitor.runnerjvm;

import dev.hive.monitor.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a runner's JVM. A runner lives for one run of a few seconds, most of it in QEMU and
 * sockets: C1 alone compiles soon enough (C2 would spend a core on code that is thrown away with the process),
 * the serial collector starts no GC threads, and no perf-data file is mapped. {@code bench/}'s {@code RunnerBench}
 * measures each of these against a plain {@code java -jar}.
 */
public final class RunnerJvm {

    /** The options every runner JVM gets (and the training run that makes its archive). */
    public static final List<String> OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    private RunnerJvm() {}

    /** {@code <java.home>/bin/java}, the monitor's own runtime. */
    public static String java() {
        return SandboxSpec.javaHome().resolve("bin").resolve("java").toString();
    }

    /** The pre-started runner's entry point in the runner's fixed part ({@link PreStartedRunners}). */
    static final String PRE_STARTED_MAIN = "dev.hive.runner.prestart.PreStartedMain";

    /** {@code java OPTIONS -cp FIXED_JAR dev.hive.runner.prestart.PreStartedMain}: a runner waiting for its run. */
    public static List<String> preStartCommand(Path fixedJar) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(OPTIONS);
        c.add("-cp");
        c.add(fixedJar.toString());
        c.add(PRE_STARTED_MAIN);
        return c;
    }

    /**
     * {@code java OPTIONS [archive options] -jar JAR ARGS}. With an archive the JVM also checks its CRC
     * ({@code -XX:+VerifySharedSpaces}): an archive whose bytes changed is then ignored, not mapped.
     */
    public static List<String> command(Path jar, Path archive, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(OPTIONS);
        if (archive != null) {
            c.add("-XX:+VerifySharedSpaces");
            c.add("-XX:SharedArchiveFile=" + archive);
        }
        c.add("-jar");
        c.add(jar.toString());
        c.addAll(args);
        return c;
    }
}
