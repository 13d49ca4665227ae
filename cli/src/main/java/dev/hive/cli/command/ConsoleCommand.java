package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.ExitCode;
import dev.hive.cli.lease.LeaseClient;
import dev.hive.cli.lease.LeaseWaiter;
import dev.hive.cli.lease.LeaseWarning;
import dev.hive.cli.lease.StreamBridge;
import dev.hive.cli.report.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hive console TARGET}: the target's UART on the terminal (what the monitor kept since the lease began first).
 * On a terminal, keys go to the target one by one and Ctrl-] leaves; otherwise the UART is copied to standard output
 * and standard input (a file, a pipe) is sent to the target, and the command ends when the monitor closes the stream
 * (the lease ended). A target leased by someone else is shown read-only (what is typed closes the stream).
 */
@Command(
        name = "console",
        description = "Show a leased target's UART (and type to it, on a terminal; Ctrl-] leaves).",
        mixinStandardHelpOptions = true)
public final class ConsoleCommand implements Callable<Integer>, HasGlobalOptions {

    /** Ctrl-]. */
    static final int ESCAPE = 0x1d;

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "TARGET", description = "A target name, STACK/SLOT or a lease id.")
    String target;

    @Option(names = "--probe", paramLabel = "P", description = "The probe (testchannel index) to lease it on.")
    Integer probe;

    @Option(names = "--minutes", paramLabel = "N", description = "How long to lease it (default: the monitor's).")
    Integer minutes;

    @Option(names = "--read-only", description = "Only show the UART, even on a terminal.")
    boolean readOnly;

    @Mixin
    LeaseWaitOptions waiting;

    public ConsoleCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() throws Exception {
        Console out = context.console();
        LeaseCommand.checkWait(waiting);
        LeaseClient leases = new LeaseClient(global.client(context));
        JsonNode lease = openLease(leases, out);
        long id = lease.path("id").asLong();
        OutputStream stdout = new OutputStream() {
            @Override
            public void write(int b) {
                context.env().out().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                context.env().out().write(new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
            }

            @Override
            public void flush() {
                context.env().out().flush();
            }
        };
        StreamBridge bridge =
                new StreamBridge(leases.monitor().openStream(leases.streamPath(id, "uart"), "opening the UART stream"));
        boolean interactive = context.env().terminal() && !readOnly;
        try (LeaseWarning warning = new LeaseWarning(leases, id, out, Clock.systemUTC()).start(lease)) {
            if (interactive) {
                out.error("hive: UART of " + lease.path("target").asText() + " (lease " + id + "); Ctrl-] leaves");
            }
            if (!readOnly) {
                Thread keys = new Thread(
                        () -> {
                            if (interactive) {
                                rawTerminal(true);
                            }
                            try {
                                bridge.pump(context.env().in(), b -> interactive && b == ESCAPE, interactive);
                            } finally {
                                if (interactive) {
                                    rawTerminal(false);
                                }
                            }
                        },
                        "hive-console-keys");
                keys.setDaemon(true);
                keys.start();
            }
            String reason = bridge.copyTo(stdout);
            out.error("hive: the UART stream closed: " + reason);
        }
        return ExitCode.OK;
    }

    /**
     * The user's lease of the target, someone else's open lease of it (read-only), or a new lease; a pending lease of
     * the user's (asked for with {@code --wait} during a run) is waited for.
     */
    private JsonNode openLease(LeaseClient leases, Console out) {
        if (target.matches("\\d+")) {
            for (JsonNode lease : leases.list(false).path("leases")) {
                if (lease.path("id").asLong() == Long.parseLong(target)) {
                    Optional<JsonNode> usable = usable(leases, lease, out);
                    if (usable.isPresent()) {
                        return usable.get();
                    }
                }
            }
        }
        for (JsonNode lease : leases.list(false).path("leases")) {
            if (lease.path("target").asText().equals(target)
                    || lease.path("slot").asText().equals(target)) {
                Optional<JsonNode> usable = usable(leases, lease, out);
                if (usable.isPresent()) {
                    return usable.get();
                }
            }
        }
        return GdbCommand.hold(leases, target, probe, minutes, waiting, out).lease();
    }

    /** An open lease as it is; the user's own pending lease once granted; someone else's pending lease: none. */
    private Optional<JsonNode> usable(LeaseClient leases, JsonNode lease, Console out) {
        if (!"pending".equals(lease.path("state").asText())) {
            return Optional.of(lease);
        }
        JsonNode ours;
        try {
            ours = leases.find(lease.path("id").asLong()); // 403 when it is not ours
        } catch (RuntimeException notOurs) {
            return Optional.empty();
        }
        return Optional.of(new LeaseWaiter(leases, out).awaitGranted(ours, waiting.limit()));
    }

    /** Puts the controlling terminal in raw mode (keys one by one, no echo), or back. */
    private static void rawTerminal(boolean raw) {
        List<String> stty = raw
                ? List.of("/bin/sh", "-c", "stty raw -echo < /dev/tty")
                : List.of("/bin/sh", "-c", "stty sane < /dev/tty");
        try {
            new ProcessBuilder(stty).inheritIO().start().waitFor();
        } catch (IOException e) {
            // no stty: keys go line by line
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
