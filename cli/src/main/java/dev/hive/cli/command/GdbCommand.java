package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.lease.LeaseClient;
import dev.hive.cli.lease.LeaseWaiter;
import dev.hive.cli.lease.LeaseWarning;
import dev.hive.cli.lease.StreamBridge;
import dev.hive.cli.report.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hive gdb TARGET}: leases the target when needed, listens on {@code 127.0.0.1:0} and prints the line to give
 * GDB; every GDB connection is tunnelled to the probe over its own WebSocket. {@code hive gdb --pipe LEASE} speaks
 * on stdin/stdout instead, for {@code target extended-remote | hive gdb --pipe LEASE}.
 */
@Command(
        name = "gdb",
        description = "Debug a rack target with GDB from here: prints 'target extended-remote 127.0.0.1:PORT'"
                + " (or, with --pipe, serves GDB on stdin/stdout).",
        mixinStandardHelpOptions = true)
public final class GdbCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Parameters(
            index = "0",
            paramLabel = "TARGET",
            description = "A target name or STACK/SLOT (leased unless you hold it); with --pipe, a lease id.")
    String target;

    @Option(names = "--pipe", description = "GDB's remote protocol on stdin/stdout; TARGET is a lease id.")
    boolean pipe;

    @Option(names = "--probe", paramLabel = "P", description = "The probe (testchannel index) to lease it on.")
    Integer probe;

    @Option(names = "--minutes", paramLabel = "N", description = "How long to lease it (default: the monitor's).")
    Integer minutes;

    @Mixin
    LeaseWaitOptions waiting;

    public GdbCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() throws Exception {
        LeaseClient leases = new LeaseClient(global.client(context));
        if (pipe) {
            long id = leaseId(target);
            open(leases, id, System.out);
            return ExitCode.OK;
        }
        Console out = context.console();
        LeaseCommand.checkWait(waiting);
        Held held = hold(leases, target, probe, minutes, waiting, out);
        long id = held.lease().path("id").asLong();
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                LeaseWarning warning = new LeaseWarning(leases, id, out, Clock.systemUTC()).start(held.lease())) {
            out.line("lease " + id + ": " + held.lease().path("target").asText() + " until "
                    + held.lease().path("expiresAt").asText() + ". In GDB:");
            out.line("target extended-remote 127.0.0.1:" + server.getLocalPort());
            out.line("(Ctrl-C ends this" + (held.created() ? " and releases the lease" : "") + ")");
            Thread releaseAtExit = held.created() ? new Thread(() -> releaseQuietly(leases, id)) : null;
            if (releaseAtExit != null) {
                Runtime.getRuntime().addShutdownHook(releaseAtExit);
            }
            while (true) {
                Socket gdb = server.accept();
                gdb.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(leases, id, gdb, out), "hive-gdb-" + gdb.getPort());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** One GDB connection: its own ticket and WebSocket, bytes both ways until either side closes. */
    private void serve(LeaseClient leases, long id, Socket gdb, Console out) {
        try (gdb) {
            StreamBridge bridge = new StreamBridge(
                    leases.monitor().openStream(leases.streamPath(id, "gdb"), "opening the GDB stream"));
            InputStream fromGdb = gdb.getInputStream();
            Thread pump = new Thread(() -> bridge.pump(fromGdb, b -> false, true), "hive-gdb-pump");
            pump.setDaemon(true);
            pump.start();
            String reason = bridge.copyTo(gdb.getOutputStream());
            out.error("hive: the GDB stream closed: " + reason);
        } catch (IOException | RuntimeException e) {
            out.error("hive: the GDB connection failed: " + e.getMessage());
        }
    }

    private void open(LeaseClient leases, long id, OutputStream stdout) {
        StreamBridge bridge =
                new StreamBridge(leases.monitor().openStream(leases.streamPath(id, "gdb"), "opening the GDB stream"));
        Thread pump = new Thread(() -> bridge.pump(context.env().in(), b -> false, true), "hive-gdb-pipe");
        pump.setDaemon(true);
        pump.start();
        String reason = bridge.copyTo(stdout);
        context.console().error("hive: the GDB stream closed: " + reason);
    }

    static long leaseId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw CliException.usage("--pipe takes a lease id (hive lease list), got '" + text + "'");
        }
    }

    /** A lease the user holds, and whether this command made it. */
    record Held(JsonNode lease, boolean created) {}

    /**
     * The user's open lease of {@code target}, else a new one; with {@code --wait}, one granted after the run that is
     * using the rack (the user's own pending lease of it is waited for too).
     */
    static Held hold(
            LeaseClient leases, String target, Integer probe, Integer minutes, LeaseWaitOptions waiting, Console out) {
        LeaseWaiter waiter = new LeaseWaiter(leases, out);
        if (target.matches("\\d+")) {
            return new Held(waiter.awaitGranted(leases.find(Long.parseLong(target)), waiting.limit()), false);
        }
        for (JsonNode lease : leases.list(false).path("leases")) {
            boolean same = lease.path("target").asText().equals(target)
                    || lease.path("slot").asText().equals(target);
            if (same) {
                try {
                    JsonNode ours = leases.find(lease.path("id").asLong()); // 403 when it is not ours
                    return new Held(waiter.awaitGranted(ours, waiting.limit()), false);
                } catch (CliException notGranted) {
                    throw notGranted;
                } catch (RuntimeException notOurs) {
                    // someone else's: ask for a new one, which says who holds it
                }
            }
        }
        JsonNode lease = leases.create(target, probe, minutes, "hive gdb", waiting.waits());
        return new Held(waiter.awaitGranted(lease, waiting.limit()), true);
    }

    private static void releaseQuietly(LeaseClient leases, long id) {
        try {
            leases.release(id);
        } catch (RuntimeException e) {
            // the monitor ends it anyway, at its end or when idle
        }
    }
}
