package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.lease.LeaseClient;
import dev.hive.cli.lease.LeaseWaiter;
import dev.hive.cli.report.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hive lease TARGET [--probe P] [--minutes N] [--wait]}: leases a target (with {@code --wait}, after the run
 * that is using the rack); its subcommands extend, release and list.
 */
@Command(
        name = "lease",
        description = "Lease a rack target (and the probe serving it) for interactive use: hive gdb, hive console."
                + " The monitor ends the lease at its end time.",
        mixinStandardHelpOptions = true,
        subcommands = {LeaseExtendCommand.class, LeaseReleaseCommand.class, LeaseListCommand.class})
public final class LeaseCommand implements Callable<Integer>, HasGlobalOptions {

    final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TARGET",
            description = "A target name from 'hive list', or a slot STACK/SLOT.")
    String target;

    @Option(names = "--probe", paramLabel = "P", description = "The probe (testchannel index) to serve it.")
    Integer probe;

    @Option(names = "--minutes", paramLabel = "N", description = "How long (default: the monitor's).")
    Integer minutes;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept with the lease.")
    String reason;

    @Mixin
    LeaseWaitOptions waiting;

    public LeaseCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        if (target == null) {
            throw CliException.usage("say which target to lease (hive lease TARGET), or extend, release or list");
        }
        checkWait(waiting);
        LeaseClient leases = new LeaseClient(global.client(context));
        JsonNode lease = leases.create(target, probe, minutes, reason, waiting.waits());
        lease = new LeaseWaiter(leases, context.console()).awaitGranted(lease, waiting.limit());
        print(context.console(), lease);
        return ExitCode.OK;
    }

    static void checkWait(LeaseWaitOptions waiting) {
        if (waiting.waitMinutes != null && waiting.waitMinutes < 1) {
            throw CliException.usage("--wait-minutes must be at least 1, got " + waiting.waitMinutes);
        }
    }

    static void print(Console out, JsonNode lease) {
        String state = lease.path("state").asText();
        out.line("lease " + lease.path("id").asLong() + ": "
                + lease.path("target").asText() + " (slot "
                + lease.path("slot").asText() + ") on "
                + (lease.path("probe").isNull()
                        ? "any probe"
                        : "probe " + lease.path("probe").asInt()) + ", "
                + lease.path("holder").asText() + ", "
                + switch (state) {
                    case "open" -> "until " + lease.path("expiresAt").asText() + " (at most "
                            + lease.path("maxUntil").asText() + ")";
                    case "pending" -> "pending: granted when run "
                            + lease.path("waitsForRun").asLong() + " ends";
                    default -> "ended " + lease.path("endedAt").asText() + " ("
                            + lease.path("end").asText() + " by "
                            + lease.path("endedBy").asText() + ")"
                            + (lease.hasNonNull("endMessage")
                                    ? ": " + lease.path("endMessage").asText()
                                    : "");
                });
    }
}
