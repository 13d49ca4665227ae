package dev.hive.cli.build;

import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.InvokerLogger;
import org.apache.maven.shared.invoker.MavenInvocationException;
import org.apache.maven.shared.invoker.PrintStreamLogger;

/**
 * One {@code mvn package} of a workspace through Maven Invoker, in batch mode, with the candidate's own checks
 * (formatters, enforcer, coverage, javadoc, signing) skipped: they guard the candidate's build, not its runner. Maven's
 * output streams to {@code verbose} when given; on failure its {@code [ERROR]} lines become the error message.
 */
final class MavenBuild {

    /** Inherited plugins that must not run in a runner workspace, by their usual skip properties. */
    private static final List<String> SKIPS = List.of(
            "skipTests",
            "maven.test.skip",
            "enforcer.skip",
            "spotless.check.skip",
            "spotless.apply.skip",
            "checkstyle.skip",
            "pmd.skip",
            "cpd.skip",
            "spotbugs.skip",
            "jacoco.skip",
            "maven.javadoc.skip",
            "maven.source.skip",
            "gpg.skip",
            "rat.skip",
            "license.skip",
            "animal.sniffer.skip",
            "invoker.skip",
            "japicmp.skip",
            "revapi.skip");

    private static final int MAX_ERROR_LINES = 60;
    private static final int KEPT_LINES = 400;

    private MavenBuild() {}

    /**
     * Builds {@code project} of the reactor {@code pom} and what it depends on ({@code -pl project -am}), with the
     * user's {@code -D}/{@code -P} after the skips (so a user's {@code -D} wins). Maven gets the command's environment
     * {@code env} (in the CLI's daemon, the client's) over this process's own.
     */
    static void run(
            Path maven,
            Map<String, String> env,
            Path baseDir,
            Path pom,
            String project,
            BuildOptions options,
            PrintWriter verbose) {
        Deque<String> tail = new ArrayDeque<>();
        List<String> errors = new ArrayList<>();
        InvocationRequest request = new DefaultInvocationRequest()
                .setPomFile(pom.toFile())
                .setBaseDirectory(baseDir.toFile())
                .setGoals(List.of("package"))
                .setBatchMode(true)
                .setNoTransferProgress(true)
                .setInputStream(new ByteArrayInputStream(new byte[0]))
                .setProjects(List.of(project))
                .setAlsoMake(true)
                .setProfiles(options.profiles())
                .setProperties(properties(options));
        request.setTimeoutInSeconds(30 * 60);
        env.forEach(request::addShellEnvironment); // over this process's own (the daemon's is nearly empty)
        request.setOutputHandler(line -> {
            if (verbose != null) {
                verbose.println(line);
                verbose.flush();
            }
            if (line.startsWith("[ERROR]") && errors.size() < MAX_ERROR_LINES && !boilerplate(line)) {
                errors.add(line);
            }
            tail.addLast(line);
            if (tail.size() > KEPT_LINES) {
                tail.removeFirst();
            }
        });
        request.setErrorHandler(request.getOutputHandler(null));
        DefaultInvoker invoker = new DefaultInvoker();
        invoker.setMavenExecutable(maven.toFile());
        // The invoker's own log says "Executing in batch mode ..."; the user sees Maven's output or our summary.
        invoker.setLogger(new PrintStreamLogger(
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), InvokerLogger.ERROR));
        invoker.setWorkingDirectory(baseDir.toFile());
        InvocationResult result;
        try {
            result = invoker.execute(request);
        } catch (MavenInvocationException e) {
            throw new CliException(ExitCode.BUILD_FAILED, "cannot start Maven (" + maven + "): " + e.getMessage(), e);
        }
        if (result.getExecutionException() != null) {
            throw new CliException(
                    ExitCode.BUILD_FAILED,
                    "cannot run Maven (" + maven + "): "
                            + result.getExecutionException().getMessage(),
                    result.getExecutionException());
        }
        if (result.getExitCode() != 0) {
            List<String> shown = errors.isEmpty() ? List.copyOf(tail) : errors;
            throw new CliException(
                    ExitCode.BUILD_FAILED,
                    "the runner did not build (Maven exited with " + result.getExitCode() + "):"
                            + System.lineSeparator()
                            + String.join(System.lineSeparator(), shown)
                            + System.lineSeparator()
                            + "Nothing was uploaded. Run with -v to see all of Maven's output.");
        }
    }

    private static Properties properties(BuildOptions options) {
        Properties p = new Properties();
        SKIPS.forEach(name -> p.setProperty(name, "true"));
        p.putAll(options.properties());
        return p;
    }

    private static boolean boilerplate(String line) {
        String text = line.substring("[ERROR]".length()).strip();
        return text.isEmpty()
                || text.startsWith("-> [Help")
                || text.startsWith("To see the full stack trace")
                || text.startsWith("Re-run Maven using")
                || text.startsWith("For more information about the errors")
                || text.startsWith("[Help ")
                || text.startsWith("After correcting the problems")
                || text.startsWith("mvn <args> -rf");
    }

    static String describe(Path maven) {
        return maven.toString().endsWith(File.separator + "mvnw")
                ? maven + " (the candidate's Maven wrapper)"
                : maven.toString();
    }
}
