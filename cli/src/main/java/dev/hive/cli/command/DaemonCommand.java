package dev.hive.cli.command;

import dev.hive.cli.ExitCode;
import dev.hive.cli.daemon.Daemons;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hive daemon status|stop}: the CLI's daemons of this user (the long-lived JVMs that run {@code hive test} for
 * the launchers; docs/cli.md, "The CLI's daemon").
 */
@Command(
        name = "daemon",
        description = "Show (status) or stop (stop) the CLI's daemons, which run 'hive test' without a JVM start.",
        mixinStandardHelpOptions = true)
public final class DaemonCommand implements Callable<Integer> {

    /** What to do. */
    enum Action {
        STATUS,
        STOP
    }

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "ACTION", description = "status or stop")
    Action action;

    public DaemonCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        var out = context.console();
        Daemons daemons = new Daemons(context.env().cacheDir());
        List<Daemons.Running> running = daemons.running();
        if (running.isEmpty()) {
            out.line("No CLI daemon runs.");
            return ExitCode.OK;
        }
        int code = ExitCode.OK;
        for (Daemons.Running daemon : running) {
            if (action == Action.STATUS) {
                out.line("CLI daemon pid " + daemon.process().pid()
                        + daemon.started().map(at -> ", started " + at).orElse("") + ", log "
                        + daemon.dir().resolve("log"));
            } else if (daemons.stop(daemon, STOP_WAIT)) {
                out.line("Stopped the CLI daemon pid " + daemon.process().pid() + ".");
            } else {
                out.error("hive: the CLI daemon pid " + daemon.process().pid() + " did not stop within "
                        + STOP_WAIT.toSeconds() + " s (it ends once the commands it runs have ended)");
                code = ExitCode.UNAVAILABLE;
            }
        }
        return code;
    }
}
