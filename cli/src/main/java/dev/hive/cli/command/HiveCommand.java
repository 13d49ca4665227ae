package dev.hive.cli.command;

import dev.hive.cli.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hive}: without a subcommand it says what the subcommands are. */
@Command(
        name = "hive",
        mixinStandardHelpOptions = true,
        versionProvider = HiveCommand.Version.class,
        description = "Runs a probe library's hive tests on a Hive rack.",
        footer = {
            "",
            "Exit codes:",
            "  0  every test passed or was skipped",
            "  1  a test failed",
            "  2  usage or configuration error",
            "  3  the runner did not build",
            "  4  monitor or rack unavailable, token refused, or infrastructure error"
        })
public final class HiveCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "say what to do: one of " + spec.subcommands().keySet());
    }

    /** {@code hive --version}. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.load();
            return new String[] {"hive " + build.version() + " (runner template " + build.templateVersion() + ")"};
        }
    }
}
