package dev.hive.cli.command;

import dev.hive.cli.ExitCode;
import dev.hive.cli.lease.LeaseClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hive lease release LEASE}. */
@Command(
        name = "release",
        description = "End a lease now: its streams close and its target is reflashed.",
        mixinStandardHelpOptions = true)
public final class LeaseReleaseCommand implements Callable<Integer>, HasGlobalOptions {

    @ParentCommand
    LeaseCommand parent;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "LEASE", description = "The lease id.")
    long id;

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        LeaseCommand.print(parent.context.console(), new LeaseClient(global.client(parent.context)).release(id));
        return ExitCode.OK;
    }
}
