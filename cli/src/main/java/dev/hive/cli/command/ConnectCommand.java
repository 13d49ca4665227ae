package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.config.Connection;
import dev.hive.cli.config.StoredConfig;
import java.io.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code hive connect URL}: checks that the monitor answers and accepts the token, then stores the URL (and TLS
 * settings) in the config file and the token in the credentials file.
 */
@Command(
        name = "connect",
        description = "Check a monitor and an API token, and store them for the other commands.",
        mixinStandardHelpOptions = true)
public final class ConnectCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "URL", description = "The monitor, e.g. https://rack.example.org:8443.")
    String url;

    public ConnectCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        var out = context.console();
        String token = global.token != null ? global.token : context.env().env().get("HIVE_TOKEN");
        if (token == null || token.isBlank()) {
            token = prompt();
        }
        Connection connection = new Connection(Connection.parseUrl(url), token.strip(), global.caCert, global.insecure);
        MonitorClient client = new MonitorClient(connection);
        JsonNode health = client.health();
        JsonNode capabilities = client.get("/api/v1/capabilities");
        context.config().save(new StoredConfig(connection.url().toString(), global.caCert, global.insecure));
        context.config().saveToken(connection.token());
        out.line("Connected to the monitor at " + connection.url() + " (version "
                + health.path("version").asText("?")
                + ", " + capabilities.path("probes").size() + " probes, "
                + capabilities.path("targets").size()
                + " targets); the token was accepted.");
        out.line("Saved " + context.config().configFile() + " and "
                + context.config().credentialsFile() + " (readable by you only).");
        return ExitCode.OK;
    }

    private String prompt() {
        Console console = System.console();
        if (!global.mayPrompt(context) || console == null) {
            throw CliException.usage("no API token: pass --token TOKEN or set HIVE_TOKEN"
                    + (global.noInput ? " (--no-input: not asking)" : ""));
        }
        char[] typed = console.readPassword("API token for %s: ", url);
        if (typed == null || typed.length == 0) {
            throw CliException.usage("no API token given");
        }
        return new String(typed);
    }
}
