package dev.hive.runner;

import dev.hive.protocol.run.TestSelection;
import dev.hive.runner.desync.ProbeCheck;
import dev.hive.runner.listing.ListMode;
import dev.hive.runner.suite.HiveTestScanner;
import dev.hive.runner.trace.StartTrace;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The runner's entry point, as the monitor starts it: {@code java -jar runner.jar SOCKET RUN_ID}; or, for the CLI,
 * {@code java -jar runner.jar --list [selection]} ({@link ListMode}). It connects
 * to the monitor's IPC socket, runs every hive test on every probe × target the monitor offers, streams the
 * results and exits with the code of {@code docs/ipc.md}; every non-zero exit prints one line on stderr.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        StartTrace.mark(StartTrace.Step.MAIN);
        exit(run(args));
    }

    /** Flushes stdout, prints the start trace when asked for, and exits with {@code exit}'s code. */
    public static void exit(ExitCode exit) {
        System.out.flush();
        if (StartTrace.ENABLED) {
            System.err.println(StartTrace.report());
        }
        System.exit(exit.code);
    }

    static ExitCode run(String[] args) {
        if (args.length > 0 && args[0].equals(ListMode.FLAG)) {
            return list(Arrays.asList(args).subList(1, args.length));
        }
        if (args.length != 2 || args[1].isBlank()) {
            System.err.println("hive runner: usage: java -jar runner.jar SOCKET RUN_ID, or --list [--select TESTS]"
                    + " [--include-tags EXPR] [--exclude-tags EXPR] (got " + args.length + " argument(s))");
            return ExitCode.USAGE;
        }
        Path socket;
        try {
            socket = Path.of(args[0]);
        } catch (InvalidPathException e) {
            System.err.println("hive runner: the socket path " + args[0] + " is not a path: " + e.getMessage());
            return ExitCode.USAGE;
        }
        return runFrom(Main.class.getClassLoader(), HiveTestScanner.runnerLocation(), socket, args[1], false);
    }

    /**
     * Runs the hive tests of the JAR at {@code location}, loaded by {@code loader}, as run {@code runId} of the
     * monitor at {@code socket}: what a cold start does after its arguments are read, and what a pre-started
     * runner does once the monitor handed it the run ({@code dev.hive.runner.prestart}).
     */
    public static ExitCode runFrom(ClassLoader loader, Path location, Path socket, String runId, boolean preStarted) {
        try {
            List<String> classes = new HiveTestScanner(loader).scan(location);
            StartTrace.mark(StartTrace.Step.SCANNED);
            new Runner(runId, version(), classes, new ProbeCheck(), loader, preStarted).run(socket);
            return ExitCode.COMPLETED;
        } catch (RunnerFailure failure) {
            System.err.println("hive runner: " + oneLine(failure.getMessage()));
            return failure.exitCode();
        } catch (RuntimeException | Error e) {
            System.err.println("hive runner: internal error: " + oneLine(e.toString()));
            return ExitCode.INTERNAL;
        }
    }

    /** The local list mode: the tests and their problems on stdout, no rack or monitor needed. */
    private static ExitCode list(List<String> args) {
        TestSelection selection;
        try {
            selection = ListMode.selection(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hive runner: " + e.getMessage());
            return ExitCode.USAGE;
        }
        try {
            ClassLoader loader = Main.class.getClassLoader();
            Path location = HiveTestScanner.runnerLocation();
            new ListMode(loader, location, new HiveTestScanner(loader).scan(location)).list(selection, System.out);
            return ExitCode.COMPLETED;
        } catch (RuntimeException | Error e) {
            System.err.println("hive runner: internal error: " + oneLine(e.toString()));
            return ExitCode.INTERNAL;
        }
    }

    /** The runner's version from its JAR manifest; {@code dev} when it runs from a build directory. */
    static String version() {
        return Objects.requireNonNullElse(Main.class.getPackage().getImplementationVersion(), "dev");
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
