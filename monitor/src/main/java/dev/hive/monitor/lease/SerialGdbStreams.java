package dev.hive.monitor.lease;

import dev.hive.monitor.rack.StartedRack;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.physical.SerialDevice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GDB streams of probes whose GDB port is a serial device (a Black Magic Probe): the rack file's {@code gdbSerial}
 * of a static channel, or a probe found on USB with a {@code serial:} endpoint.
 *
 * <p>One GDB stream per device at a time: the device is opened exclusively on the {@code hive-gdb-serial} workers
 * when a lease's GDB WebSocket attaches, and closed when that socket closes or the lease ends. A {@link SerialPump}
 * per stream copies the device to the socket, waiting while the socket's write queue is full, and the socket's
 * frames to the device, pausing the socket while too many wait.
 */
public final class SerialGdbStreams implements LeaseListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialGdbStreams.class);

    private final Vertx vertx;
    private final Supplier<StartedRack> rack;
    private final WorkerExecutor workers;
    private final Map<String, Link> byDevice = new ConcurrentHashMap<>();
    private final Map<ServerWebSocket, Link> bySocket = new ConcurrentHashMap<>();

    /** @param rack the rack now (its configuration names the devices) */
    public SerialGdbStreams(Vertx vertx, Supplier<StartedRack> rack) {
        this.vertx = vertx;
        this.rack = rack;
        this.workers = vertx.createSharedWorkerExecutor("hive-gdb-serial", 2);
    }

    /**
     * The serial device of the lease's GDB port: the channel's {@code gdbSerial} in the rack file, else the probe's
     * endpoint when it is {@code serial:PATH}.
     */
    public Optional<String> device(Lease lease, Optional<String> probeEndpoint) {
        if (rack.get().config() instanceof StaticRackConfig fixed
                && lease.channel() < fixed.channels().size()) {
            String path = fixed.channels().get(lease.channel()).gdbSerial();
            if (path != null) {
                return Optional.of(path);
            }
        }
        return probeEndpoint.filter(e -> e.startsWith("serial:")).map(e -> e.substring("serial:".length()));
    }

    /**
     * Opens {@code path} for {@code ws} and splices them. Fails, leaving nothing open, when another stream has the
     * device or it is missing or busy.
     */
    public Future<Void> attach(Lease lease, String path, ServerWebSocket ws) {
        Link link = new Link(lease.id(), path, ws);
        Link holder = byDevice.putIfAbsent(path, link);
        if (holder != null) {
            String why = "the GDB serial device " + path + " is in use by another GDB stream (lease " + holder.leaseId
                    + "); one stream at a time";
            LOG.warn("lease {}: {}", lease.id(), why);
            return Future.failedFuture(why);
        }
        bySocket.put(ws, link);
        long started = System.nanoTime();
        return workers.executeBlocking(() -> SerialDevice.openGdbPort(path), false)
                .onFailure(e -> {
                    LOG.warn("lease {}: {}", lease.id(), e.getMessage());
                    forget(link);
                })
                .map(port -> {
                    LOG.info(
                            "lease {}: GDB stream attached to the serial device {} (opened in {} ms)",
                            lease.id(),
                            path,
                            (System.nanoTime() - started) / 1_000_000);
                    link.start(port);
                    return null;
                });
    }

    /** {@code ws} has closed: its device, if any, is closed. */
    public void closed(ServerWebSocket ws) {
        Link link = bySocket.get(ws);
        if (link != null) {
            close(link);
        }
    }

    @Override
    public void ended(Lease lease) {
        bySocket.values().stream().filter(l -> l.leaseId == lease.id()).forEach(this::close);
    }

    private void close(Link link) {
        workers.executeBlocking(
                () -> {
                    link.close();
                    forget(link);
                    return null;
                },
                false);
    }

    private void forget(Link link) {
        bySocket.remove(link.ws, link);
        byDevice.remove(link.path, link);
    }

    /** Closes every open device here and now (monitor shutdown). */
    @Override
    public void close() {
        bySocket.values().forEach(Link::close);
        bySocket.clear();
        byDevice.clear();
        workers.close();
    }

    /** One GDB WebSocket spliced to one open device. */
    private final class Link {
        private final long leaseId;
        private final String path;
        private final ServerWebSocket ws;
        private SerialPump pump;
        private boolean closed;

        Link(long leaseId, String path, ServerWebSocket ws) {
            this.leaseId = leaseId;
            this.path = path;
            this.ws = ws;
        }

        synchronized void start(SerialDevice opened) {
            if (closed) {
                opened.close();
                return;
            }
            pump = new SerialPump(vertx, opened, "gdb-serial-" + leaseId);
            ws.handler(bytes -> pump.write(bytes, ws));
            pump.start(this::toClient, this::deviceEnded);
        }

        /** The device's bytes to GDB, waiting while the socket's write queue is full; false once it closed. */
        private boolean toClient(Buffer chunk) throws InterruptedException {
            WriteRoom.await(vertx, ws);
            if (ws.isClosed()) {
                return false;
            }
            ws.write(chunk);
            return true;
        }

        private void deviceEnded() {
            if (!ws.isClosed()) {
                String why = "the GDB serial device " + path + " closed";
                LOG.warn("lease {}: {}", leaseId, why);
                vertx.runOnContext(v -> ws.close((short) 1011, why.length() > 120 ? why.substring(0, 120) : why));
            }
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (pump != null) {
                pump.close();
                LOG.info("lease {}: closed the GDB serial device {}", leaseId, path);
            }
        }
    }
}
