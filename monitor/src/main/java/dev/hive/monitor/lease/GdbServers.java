package dev.hive.monitor.lease;

import dev.hive.monitor.rack.StartedRack;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.config.StaticRackConfig.GdbServerConfig;
import dev.hive.rack.config.StaticRackConfig.GdbServerMode;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.Testchannel;
import dev.hive.rack.physical.CommandTemplate;
import dev.hive.rack.physical.GdbServerProcess;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramImage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GDB servers started for leases from the rack file's {@code gdbServer} template of a static channel.
 *
 * <p>TCP mode: one server per lease, started on the {@code hive-gdb-servers} workers when the lease is granted,
 * listening on a loopback port; each GDB WebSocket of the lease connects to it once it accepts. Pipe mode: one
 * server per WebSocket, its stdin and stdout spliced to the socket by a thread of that connection. Every server of
 * a lease is stopped, with its whole process tree, when the lease ends, and all of them when the monitor stops.
 */
public final class GdbServers implements LeaseListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GdbServers.class);

    private final Vertx vertx;
    private final Supplier<StartedRack> rack;
    private final Supplier<TestprogramBuild> build;
    private final WorkerExecutor workers;
    private final Map<Long, Future<GdbServerProcess>> tcp = new ConcurrentHashMap<>();
    private final Map<Long, List<GdbServerProcess>> pipes = new ConcurrentHashMap<>();
    private final Map<ServerWebSocket, Runnable> connections = new ConcurrentHashMap<>();
    private final Set<GdbServerProcess> running = ConcurrentHashMap.newKeySet();

    /**
     * @param rack the rack now (its configuration holds the templates)
     * @param build the testprogram build now (for {@code {elf}})
     */
    public GdbServers(Vertx vertx, Supplier<StartedRack> rack, Supplier<TestprogramBuild> build) {
        this.vertx = vertx;
        this.rack = rack;
        this.build = build;
        this.workers = vertx.createSharedWorkerExecutor("hive-gdb-servers", 2);
    }

    /** The template of the lease's channel, when its rack file gives one. */
    public Optional<GdbServerConfig> template(Lease lease) {
        if (rack.get().config() instanceof StaticRackConfig fixed
                && lease.channel() < fixed.channels().size()) {
            return Optional.ofNullable(fixed.channels().get(lease.channel()).gdbServer());
        }
        return Optional.empty();
    }

    @Override
    public void started(Lease lease) {
        template(lease).filter(t -> t.mode() == GdbServerMode.TCP).ifPresent(t -> {
            Future<GdbServerProcess> server = workers.executeBlocking(() -> start(lease, t), false);
            tcp.put(lease.id(), server);
            server.onFailure(e -> LOG.warn("lease {}: {}", lease.id(), e.getMessage()));
        });
    }

    /** The {@code tcp:127.0.0.1:port} of the lease's TCP-mode server, once it accepts connections. */
    public Future<String> endpoint(Lease lease) {
        Future<GdbServerProcess> server = tcp.get(lease.id());
        if (server == null) {
            return Future.failedFuture("lease " + lease.id() + " has no GDB server running");
        }
        return server.map(s -> "tcp:127.0.0.1:" + s.port());
    }

    /**
     * Starts a pipe-mode server for {@code ws} and splices it: the server's stdout to the socket, the socket's
     * frames to its stdin. The socket is closed when the server exits; the server is stopped when the socket
     * closes ({@link #closed}).
     */
    public Future<Void> pipe(Lease lease, GdbServerConfig template, ServerWebSocket ws) {
        return workers.executeBlocking(() -> start(lease, template), false).compose(server -> {
            List<GdbServerProcess> list = pipes.computeIfAbsent(lease.id(), id -> new CopyOnWriteArrayList<>());
            list.add(server);
            ExecutorService writer =
                    Executors.newSingleThreadExecutor(r -> daemon(r, "gdb-pipe-in-" + lease.id() + "-" + server.pid()));
            OutputStream stdin = server.stdin();
            ws.handler(bytes -> writer.execute(() -> {
                try {
                    stdin.write(bytes.getBytes());
                    stdin.flush();
                } catch (IOException e) {
                    LOG.debug("lease {}: the GDB server's stdin closed: {}", lease.id(), e.toString());
                }
            }));
            connections.put(ws, () -> {
                writer.shutdownNow();
                list.remove(server);
                stop(server);
            });
            daemon(() -> copyOut(lease, server, ws), "gdb-pipe-out-" + lease.id() + "-" + server.pid())
                    .start();
            return Future.<Void>succeededFuture();
        });
    }

    /** {@code ws} has closed: the pipe-mode server serving it, if any, is stopped. */
    public void closed(ServerWebSocket ws) {
        Runnable cleanup = connections.remove(ws);
        if (cleanup != null) {
            cleanup.run();
        }
    }

    /** The server's stdout to {@code ws}, waiting while the socket's write queue is full (back-pressure). */
    private void copyOut(Lease lease, GdbServerProcess server, ServerWebSocket ws) {
        byte[] chunk = new byte[16 * 1024];
        try (InputStream out = server.stdout()) {
            int n;
            while ((n = out.read(chunk)) > 0) {
                WriteRoom.await(vertx, ws);
                ws.write(Buffer.buffer().appendBytes(chunk, 0, n));
            }
        } catch (IOException | InterruptedException e) {
            LOG.debug("lease {}: the GDB server's stdout ended: {}", lease.id(), e.toString());
        }
        if (!ws.isClosed()) {
            String tail = server.outputTail().strip();
            String why = "the GDB server exited" + (tail.isEmpty() ? "" : ": " + lastLine(tail));
            vertx.runOnContext(v -> ws.close((short) 1000, why.length() > 120 ? why.substring(0, 120) : why));
        }
    }

    private GdbServerProcess start(Lease lease, GdbServerConfig template) {
        StartedRack now = rack.get();
        Testchannel channel = now.backend().rack().channels().stream()
                .filter(c -> c.index() == lease.channel())
                .findFirst()
                .orElseThrow(() -> new LeaseException(
                        LeaseException.Kind.NOT_FOUND, "channel " + lease.channel() + " is gone from the rack"));
        ProbeInfo probe = channel.probeInfo()
                .orElseThrow(() -> new LeaseException(
                        LeaseException.Kind.CONFLICT, "channel " + lease.channel() + " has no probe now"));
        CatalogTarget target = now.backend().catalogTarget(lease.slot());
        Path elf = build.get()
                .imageFor(target)
                .filter(TestprogramImage::ok)
                .map(TestprogramImage::elf)
                .orElse(null);
        Map<String, String> values = CommandTemplate.values(elf, target.chip(), target.name(), probe);
        GdbServerProcess server = GdbServerProcess.start(
                template, values, "the GDB server of lease " + lease.id() + " (channel " + lease.channel() + ")");
        running.add(server);
        return server;
    }

    @Override
    public void ended(Lease lease) {
        Future<GdbServerProcess> server = tcp.remove(lease.id());
        List<GdbServerProcess> started = pipes.remove(lease.id());
        if (server != null) {
            server.onSuccess(this::stop);
        }
        if (started != null) {
            started.forEach(this::stop);
        }
    }

    private void stop(GdbServerProcess server) {
        workers.executeBlocking(() -> {
            server.stop();
            running.remove(server);
            return null;
        });
    }

    /** Stops every server still running (monitor shutdown), here and now. */
    @Override
    public void close() {
        tcp.values().forEach(f -> f.onSuccess(GdbServerProcess::stop));
        tcp.clear();
        pipes.clear();
        running.forEach(GdbServerProcess::stop);
        running.clear();
        workers.close();
    }

    private static String lastLine(String text) {
        int newline = text.lastIndexOf('\n');
        return newline < 0 ? text : text.substring(newline + 1);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
