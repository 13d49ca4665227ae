package dev.hive.cli;

import dev.hive.cli.client.MonitorException;
import dev.hive.cli.command.CommandContext;
import dev.hive.cli.command.ConnectCommand;
import dev.hive.cli.command.ConsoleCommand;
import dev.hive.cli.command.GdbCommand;
import dev.hive.cli.command.HasGlobalOptions;
import dev.hive.cli.command.HiveCommand;
import dev.hive.cli.command.InitCommand;
import dev.hive.cli.command.LeaseCommand;
import dev.hive.cli.command.ListCommand;
import dev.hive.cli.command.ResultCommand;
import dev.hive.cli.command.RunsCommand;
import dev.hive.cli.command.StatusCommand;
import dev.hive.cli.command.TestCommand;
import dev.hive.cli.command.VersionCommand;
import dev.hive.cli.config.ConfigStore;
import dev.hive.cli.report.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParseResult;

/**
 * The composition root: builds the configured {@code hive} command line (subcommands, streams, colours, the error
 * handler that turns exceptions into one message and an exit code) for {@link Main} and for the tests.
 */
public final class HiveCommandLine {

    private HiveCommandLine() {}

    /** The {@code hive} command line running in {@code env}. */
    public static CommandLine create(CliEnvironment env) {
        Console console = new Console(env.out(), env.err(), env.terminal());
        CommandContext context = new CommandContext(env, BuildInfo.load(), new ConfigStore(env.configDir()), console);
        CommandLine cli = new CommandLine(new HiveCommand())
                .addSubcommand(new ConnectCommand(context))
                .addSubcommand(new InitCommand(context))
                .addSubcommand(new ListCommand(context))
                .addSubcommand(new TestCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new RunsCommand(context))
                .addSubcommand(new ResultCommand(context))
                .addSubcommand(new LeaseCommand(context))
                .addSubcommand(new GdbCommand(context))
                .addSubcommand(new ConsoleCommand(context))
                .addSubcommand(new VersionCommand(context))
                .addSubcommand("completion", new AutoComplete.GenerateCompletion());
        cli.getSubcommands()
                .get("completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(false)
                .description("Print a bash/zsh completion script: source <(hive completion)");
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setColorScheme(Help.defaultColorScheme(env.terminal() ? Help.Ansi.ON : Help.Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, commandLine, parseResult, console));
        return cli;
    }

    private static int handle(Exception e, CommandLine commandLine, ParseResult parseResult, Console console) {
        boolean stacktrace = commandLine.getCommand() instanceof HasGlobalOptions c
                && c.global() != null
                && c.global().stacktrace();
        int code;
        String message;
        if (e instanceof CliException cli) {
            code = cli.exitCode();
            message = cli.getMessage();
        } else if (e instanceof MonitorException monitor) {
            code = monitor.error().status() >= 500 ? ExitCode.UNAVAILABLE : ExitCode.USAGE;
            message = monitor.getMessage();
        } else if (e instanceof UncheckedIOException io) {
            code = ExitCode.USAGE;
            message = io.getMessage();
        } else {
            code = ExitCode.UNAVAILABLE;
            message = "unexpected error: " + e + (stacktrace ? "" : " (--stacktrace shows where)");
        }
        console.error("hive: " + message);
        if (stacktrace) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            console.error(trace.toString());
        }
        return code;
    }
}
