package dev.hive.cli.command;

import dev.hive.cli.ExitCode;
import dev.hive.cli.build.MavenLocator;
import dev.hive.cli.init.ApiInstaller;
import dev.hive.cli.init.FirstTestSource;
import dev.hive.cli.init.HiveProfile;
import dev.hive.cli.init.InitProject;
import dev.hive.cli.init.PomEdit;
import dev.hive.cli.report.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hive init [PATH]}: installs the test API into the local repository, writes a first hive test, and adds the
 * {@code hive} profile to the POM after showing the change and asking (or with {@code --yes}).
 */
@Command(
        name = "init",
        description = "Make the Maven project at PATH ready for hive tests: install the test API into the local"
                + " repository, write a first hive test, add a 'hive' profile to the POM.",
        mixinStandardHelpOptions = true)
public final class InitCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PATH",
            defaultValue = ".",
            description = "The Maven project (default: the current directory).")
    Path path;

    @Option(names = "--module", paramLabel = "NAME", description = "The module of a multi-module PATH to prepare.")
    String module;

    @Option(
            names = {"-y", "--yes"},
            description = "Change the POM without asking (needed when there is no terminal).")
    boolean yes;

    public InitCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        Console out = context.console();
        InitProject project = InitProject.locate(path, module);
        String version = context.build().templateVersion();
        Optional<PomEdit> edit =
                PomEdit.of(project, new HiveProfile(version, context.build().buildHelperPluginVersion()));
        Path maven = MavenLocator.locate(context.env().env(), project.root(), project.root());
        out.line("Installing the hive test API " + version
                + " (hive-bom, hive-runner-api, hive-protocol) into the local Maven repository");
        new ApiInstaller(context.build(), context.env().cacheDir())
                .install(maven, project.root(), global.verbose ? out.out() : null);
        writeFirstTest(project, out);
        if (edit.isEmpty()) {
            out.line(project.pom() + " has the hive profile already (hive.version " + version + "): unchanged");
            return next(out);
        }
        edit.get().diff(project.root().relativize(project.pom()).toString()).forEach(out::line);
        if (!yes && !confirmed()) {
            if (global.mayPrompt(context)) {
                out.line(project.pom() + " was left as it was.");
                return ExitCode.OK;
            }
            out.error("hive: " + project.pom() + " not changed: without a terminal hive init changes it only with"
                    + " --yes (hive init --yes), or add the lines above to it yourself");
            return ExitCode.USAGE;
        }
        try {
            Files.writeString(project.pom(), edit.get().after(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + project.pom() + ": " + e.getMessage(), e);
        }
        out.line("Added the hive profile to " + project.pom());
        return next(out);
    }

    private boolean confirmed() {
        if (!global.mayPrompt(context) || System.console() == null) {
            return false;
        }
        String answer = System.console().readLine("Add the hive profile to the POM? [y/N] ");
        return answer != null
                && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    private static void writeFirstTest(InitProject project, Console out) {
        Path tests = project.hiveTests();
        try {
            if (Files.isDirectory(tests) && hasJava(tests)) {
                out.line(tests + " has hive tests already: no first test written");
                return;
            }
            String pkg = FirstTestSource.packageOf(project.groupId());
            Path file = tests.resolve(pkg.replace('.', '/')).resolve(FirstTestSource.CLASS + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, FirstTestSource.source(pkg), StandardCharsets.UTF_8);
            out.line("Wrote a first hive test: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the first hive test under " + tests + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasJava(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> p.toString().endsWith(".java"));
        }
    }

    private int next(Console out) {
        String where = module == null ? "" : " --module " + module;
        out.line("Next: hive test" + where + " --build-only (builds the runner), then hive test" + where
                + " (runs it on the rack); mvn -Phive" + (module == null ? "" : " -pl " + module + " -am")
                + " test-compile compiles the hive tests as the IDE does. Guide: docs/writing-hive-tests.md");
        return ExitCode.OK;
    }
}
