package dev.hive.runner.prestart;

import dev.hive.protocol.ipc.IpcProtocolException;
import dev.hive.runner.ExitCode;
import dev.hive.runner.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A runner started before its run: {@code java -cp <fixed part> dev.hive.runner.prestart.PreStartedMain}. It warms
 * up ({@link WarmUp}), creates {@value #READY_FILE} in its working directory (the monitor hands a run only to a
 * runner that is ready), then reads one line on stdin: {@code JAR<TAB>SOCKET<TAB>RUN_ID}. From there on it is the
 * runner of that run, as {@code java -jar JAR SOCKET RUN_ID} would be: the JAR's hive tests are found and loaded by
 * a {@link CandidateClassLoader}, which is also every runner thread's context class loader. End of input before a
 * line (the monitor stopped, or dropped this JVM) ends it with exit code 0.
 */
public final class PreStartedMain {

    /** Created in the working directory once the warm-up is done. */
    public static final String READY_FILE = "pre-started.ready";

    private PreStartedMain() {}

    public static void main(String[] args) throws IOException {
        try {
            WarmUp.run();
        } catch (IpcProtocolException | RuntimeException | LinkageError e) {
            System.err.println("hive runner: the pre-start's warm-up failed (the run goes on): " + e);
        }
        Files.createFile(Path.of(READY_FILE));
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            System.exit(ExitCode.COMPLETED.code());
        }
        String[] parts = line.split("\t", -1);
        if (parts.length != 3 || parts[2].isBlank()) {
            System.err.println("hive runner: a pre-started runner needs JAR<TAB>SOCKET<TAB>RUN_ID, got: " + line);
            System.exit(ExitCode.USAGE.code());
        }
        Path jar;
        Path socket;
        try {
            jar = Path.of(parts[0]);
            socket = Path.of(parts[1]);
        } catch (InvalidPathException e) {
            System.err.println("hive runner: not a path: " + e.getMessage());
            System.exit(ExitCode.USAGE.code());
            return;
        }
        ClassLoader loader = new CandidateClassLoader(jar, PreStartedMain.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Main.exit(Main.runFrom(loader, jar, socket, parts[2], true));
    }
}
