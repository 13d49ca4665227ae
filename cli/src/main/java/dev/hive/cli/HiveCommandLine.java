package dev.hive.cli;

import dev.hive.cli.client.MonitorException;
import dev.hive.cli.command.CommandContext;
import dev.hive.cli.command.ConnectCommand;
import dev.hive.cli.command.ConsoleCommand;
import dev.hive.cli.command.DaemonCommand;
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
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
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

    /** The subcommands by name, in the order the usage lists them ({@code completion} comes last). */
    private static final Map<String, Function<CommandContext, Object>> SUBCOMMANDS = subcommands();

    private static final String COMPLETION = "completion";

    private static Map<String, Function<CommandContext, Object>> subcommands() {
        Map<String, Function<CommandContext, Object>> all = new LinkedHashMap<>();
        all.put("connect", ConnectCommand::new);
        all.put("init", InitCommand::new);
        all.put("list", ListCommand::new);
        all.put("test", TestCommand::new);
        all.put("status", StatusCommand::new);
        all.put("runs", RunsCommand::new);
        all.put("result", ResultCommand::new);
        all.put("lease", LeaseCommand::new);
        all.put("gdb", GdbCommand::new);
        all.put("console", ConsoleCommand::new);
        all.put("daemon", DaemonCommand::new);
        all.put("version", VersionCommand::new);
        return Collections.unmodifiableMap(all);
    }

    /** The {@code hive} command line running in {@code env}, with every subcommand. */
    public static CommandLine create(CliEnvironment env) {
        return create(env, new String[0]);
    }

    /**
     * The {@code hive} command line running in {@code env} for {@code args}. When they start with a subcommand's name
     * only that subcommand is added: picocli builds each one's model from its annotations, a tenth of a second or
     * more of every command's start for the ten that are not run. Otherwise (no subcommand, an option, a misspelt
     * name, {@code completion}) every subcommand is, for the usage, the suggestions and the completion script.
     */
    public static CommandLine create(CliEnvironment env, String[] args) {
        Console console = new Console(env.out(), env.err(), env.terminal());
        CommandContext context = new CommandContext(env, BuildInfo.load(), new ConfigStore(env.configDir()), console);
        CommandLine cli = new CommandLine(new HiveCommand());
        String named = args.length > 0 && SUBCOMMANDS.containsKey(args[0]) ? args[0] : null;
        for (Map.Entry<String, Function<CommandContext, Object>> sub : SUBCOMMANDS.entrySet()) {
            if (named == null || named.equals(sub.getKey())) {
                cli.addSubcommand(sub.getValue().apply(context));
            }
        }
        if (named == null) {
            addCompletion(cli);
        }
        // PATH arguments and --junit/--json/--tests files are relative to the command's directory, which in the
        // CLI's daemon is the client's, not the daemon's own
        cli.registerConverter(Path.class, value -> env.resolve(Path.of(value)));
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setColorScheme(Help.defaultColorScheme(env.terminal() ? Help.Ansi.ON : Help.Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, commandLine, parseResult, console));
        return cli;
    }

    /** The names of the subcommands {@link #create(CliEnvironment, String[])} may add alone. */
    static java.util.Set<String> subcommandNames() {
        return SUBCOMMANDS.keySet();
    }

    private static void addCompletion(CommandLine cli) {
        cli.addSubcommand(COMPLETION, new AutoComplete.GenerateCompletion());
        cli.getSubcommands()
                .get(COMPLETION)
                .getCommandSpec()
                .usageMessage()
                .hidden(false)
                .description("Print a bash/zsh completion script: source <(hive completion)");
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
