package dev.hive.cli.command;

import dev.hive.cli.ExitCode;
import dev.hive.cli.lease.LeaseClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hive lease extend LEASE [--minutes N]}. */
@Command(
        name = "extend",
        description = "Move a lease's end to N minutes from now (never past its cap).",
        mixinStandardHelpOptions = true)
public final class LeaseExtendCommand implements Callable<Integer>, HasGlobalOptions {

    @ParentCommand
    LeaseCommand parent;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "LEASE", description = "The lease id.")
    long id;

    @Option(names = "--minutes", paramLabel = "N", description = "How long from now (default: the monitor's).")
    Integer minutes;

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        LeaseCommand.print(
                parent.context.console(), new LeaseClient(global.client(parent.context)).extend(id, minutes));
        return ExitCode.OK;
    }
}
