package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.ExitCode;
import dev.hive.cli.lease.LeaseClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hive lease list [--all]}. */
@Command(
        name = "list",
        description = "List the open leases (with --all, the recent ended ones too).",
        mixinStandardHelpOptions = true)
public final class LeaseListCommand implements Callable<Integer>, HasGlobalOptions {

    @ParentCommand
    LeaseCommand parent;

    @Mixin
    GlobalOptions global;

    @Option(names = "--all", description = "Also the leases that ended (the newest 100 in all).")
    boolean all;

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        JsonNode leases =
                new LeaseClient(global.client(parent.context)).list(all).path("leases");
        if (leases.isEmpty()) {
            parent.context.console().line(all ? "no leases" : "no open leases");
        }
        for (JsonNode lease : leases) {
            LeaseCommand.print(parent.context.console(), lease);
        }
        return ExitCode.OK;
    }
}
