package dev.hive.cli.command;

import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.config.Connection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every subcommand takes: which monitor, which token, TLS, prompts and verbosity. */
public final class GlobalOptions {

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The monitor's URL (default: HIVE_URL, then the one stored by 'hive connect').")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "The API token (default: HIVE_TOKEN, then the stored one).")
    String token;

    @Option(
            names = "--ca-cert",
            paramLabel = "PEM",
            description = "Trust the certificate authority in this PEM file for the monitor's TLS certificate.")
    Path caCert;

    @Option(names = "--insecure", description = "Do not check the monitor's TLS certificate (testing only).")
    boolean insecure;

    @Option(names = "--no-input", description = "Never prompt; fail instead when something is missing.")
    boolean noInput;

    @Option(
            names = {"-v", "--verbose"},
            description = "More output: Maven's build output, log lines of the run, stack traces of failed tests.")
    boolean verbose;

    @Option(names = "--stacktrace", description = "Show the stack trace of an error of the CLI itself.")
    boolean stacktrace;

    /** Whether to show the CLI's own stack traces. */
    public boolean stacktrace() {
        return stacktrace;
    }

    /** The connection these options, the environment and the stored config give. */
    Connection connection(CommandContext context) {
        return Connection.resolve(url, token, caCert, insecure, context.env().env(), context.config());
    }

    /** A client of the monitor these options name. */
    MonitorClient client(CommandContext context) {
        return new MonitorClient(connection(context));
    }

    /** Whether the user may be asked something. */
    boolean mayPrompt(CommandContext context) {
        return !noInput && context.env().terminal() && System.console() != null;
    }
}
