package dev.hive.cli.command;

import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.client.MonitorClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hive version}: the CLI's version and, when a monitor is configured and answers, the monitor's. */
@Command(
        name = "version",
        description = "Show the CLI's version and the configured monitor's.",
        mixinStandardHelpOptions = true)
public final class VersionCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    public VersionCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        var out = context.console();
        out.line("hive " + context.build().version() + " (runner template "
                + context.build().templateVersion() + ", Java " + Runtime.version() + ")");
        MonitorClient client;
        try {
            client = global.client(context);
        } catch (CliException noMonitor) {
            out.line("monitor: none configured");
            return ExitCode.OK;
        }
        try {
            out.line("monitor " + client.url() + ": "
                    + client.health().path("version").asText("?"));
        } catch (CliException e) {
            out.line("monitor: " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
