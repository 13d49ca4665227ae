package dev.hive.monitor.lease;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.config.StaticRackConfig.GdbServerMode;
import dev.hive.rack.model.Testchannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease's streams: raw bytes in binary WebSocket frames, one WebSocket per TCP connection.
 *
 * <p>GDB: each WebSocket gets its own connection to the lease channel's probe endpoint (on the virtual rack the
 * target's GDB stub that the bus switch routes the channel's probe to, the probe taken over in-process: {@link
 * ProbeHold}), piped both ways with Vert.x
 * back-pressure: a WebSocket whose write queue is full pauses the probe side, and the other way round. A channel
 * with a GDB server template goes to {@link GdbServers}; a probe whose GDB port is a serial device to {@link
 * SerialGdbStreams}.
 *
 * <p>UART: the monitor opens the channel's UART when the lease starts and keeps it open until it ends, in a {@link
 * UartTap} that keeps the last bytes in a {@link UartRing}; a WebSocket that attaches is sent the ring first, then the
 * live bytes. The holder may write; when the holder's WebSocket is full the UART is paused (the target waits,
 * nothing is lost). A reader that is not the holder and does not keep up is closed (1008). A UART on a serial device
 * ({@code serial:PATH}, a static rack's) is opened by {@link SerialUarts}.
 *
 * <p>When the lease ends every WebSocket of it is closed by the monitor (1000, with how it ended) and so are the
 * connections behind them. {@code TCP_NODELAY} on the probe and UART connections; the HTTP server sets it on the
 * client side.
 */
public final class LeaseStreams implements LeaseListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseStreams.class);

    /** The most bytes waiting for one WebSocket before its source is paused (or a reader closed). */
    public static final int WRITE_QUEUE_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final Leases leases;
    private final RackBackend rack;
    private final GdbServers gdbServers;
    private final SerialGdbStreams serialGdb;
    private final SerialUarts serialUarts;
    private final int uartBuffer;
    private final Duration lifetimeSlack;
    private final NetClient client;
    private final Map<Long, List<ServerWebSocket>> sockets = new ConcurrentHashMap<>();
    private final Map<Long, UartTap> taps = new ConcurrentHashMap<>();
    private final Map<ServerWebSocket, Long> lastTraffic = new ConcurrentHashMap<>();

    public LeaseStreams(
            Vertx vertx,
            Leases leases,
            RackBackend rack,
            int uartBuffer,
            GdbServers gdbServers,
            SerialGdbStreams serialGdb,
            SerialUarts serialUarts) {
        this.vertx = vertx;
        this.gdbServers = gdbServers;
        this.serialGdb = serialGdb;
        this.serialUarts = serialUarts;
        this.leases = leases;
        this.rack = rack;
        this.uartBuffer = uartBuffer;
        this.lifetimeSlack = Duration.ofSeconds(1);
        this.client =
                vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5_000));
        leases.addListener(this);
    }

    @Override
    public void started(Lease lease) {
        Optional<String> endpoint = channel(lease)
                .uart()
                .or(() -> serialUarts.configured(lease.channel()).map(path -> "serial:" + path));
        endpoint.ifPresent(uart -> {
            UartTap tap = new UartTap(lease.id(), new UartRing(uartBuffer), this::touch);
            taps.put(lease.id(), tap);
            if (uart.startsWith("serial:")) {
                serialUarts.open(lease, uart.substring("serial:".length()), tap);
                return;
            }
            SocketAddress address;
            try {
                address = address(uart);
            } catch (LeaseException e) {
                tap.fail("channel " + lease.channel() + "'s UART cannot be streamed (unix:/tcp:/serial: only)");
                LOG.warn("lease {}: {}", lease.id(), e.getMessage());
                return;
            }
            client.connect(address)
                    .onSuccess(tap::open)
                    .onFailure(e -> LOG.warn("lease {}: cannot open the UART {}: {}", lease.id(), uart, e.toString()));
        });
    }

    /**
     * Serves {@code ws} as {@code kind} of {@code lease}; {@code holder} whether the client holds the lease (only
     * the holder reaches GDB or writes to the UART).
     */
    public Future<Void> attach(Lease lease, StreamKind kind, boolean holder, ServerWebSocket ws) {
        ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        sockets.computeIfAbsent(lease.id(), id -> new CopyOnWriteArrayList<>()).add(ws);
        leases.streamAttached(lease.id());
        // a hard lifetime: the lease's end, also if the clock's sweep were late
        long until = Math.max(1, lease.expiresAt().toEpochMilli() - System.currentTimeMillis());
        long timer = vertx.setTimer(until + lifetimeSlack.toMillis(), t -> checkLifetime(lease.id(), ws));
        ws.closeHandler(v -> {
            vertx.cancelTimer(timer);
            gdbServers.closed(ws);
            serialGdb.closed(ws);
            UartTap tap = taps.get(lease.id());
            if (tap != null) {
                tap.detach(ws);
            }
            List<ServerWebSocket> list = sockets.get(lease.id());
            if (list != null) {
                list.remove(ws);
            }
            leases.streamDetached(lease.id());
        });
        closeWhenIdle(ws);
        return kind == StreamKind.GDB ? gdb(lease, ws) : uart(lease, holder, ws);
    }

    private void checkLifetime(long leaseId, ServerWebSocket ws) {
        if (!ws.isClosed() && leases.openLease(leaseId).isEmpty()) {
            ws.close((short) 1000, "the lease has ended");
        } else if (!ws.isClosed()) {
            // extended: look again at its new end
            leases.openLease(leaseId).ifPresent(l -> {
                long until = Math.max(1000, l.expiresAt().toEpochMilli() - System.currentTimeMillis());
                vertx.setTimer(until + lifetimeSlack.toMillis(), t -> checkLifetime(leaseId, ws));
            });
        }
    }

    private Future<Void> gdb(Lease lease, ServerWebSocket ws) {
        ws.pause();
        var template = gdbServers.template(lease);
        var device = serialGdb.device(lease, channel(lease).probeInfo().map(p -> p.endpoint()));
        if (template.isEmpty() && device.isPresent()) {
            return serialGdb
                    .attach(lease, device.get(), ws)
                    .onSuccess(v -> ws.resume())
                    .onFailure(e -> ws.close((short) 1011, reason(e.getMessage())));
        }
        if (template.isPresent() && template.get().mode() == GdbServerMode.PIPE) {
            return gdbServers
                    .pipe(lease, template.get(), ws)
                    .onSuccess(v -> ws.resume())
                    .onFailure(e -> ws.close((short) 1011, reason("the GDB server did not start: " + e.getMessage())));
        }
        if (template.isEmpty()) {
            return probe(lease, ws);
        }
        return gdbServers
                .endpoint(lease)
                .onFailure(e -> ws.close((short) 1011, reason("the GDB server did not start: " + e.getMessage())))
                .compose(e -> connect(lease, e, ws, null, () -> {}));
    }

    /**
     * The channel's probe: on the virtual rack the stream takes the probe over in-process and connects to the
     * target's stub itself (the probe's endpoint would relay every byte through two more threads); elsewhere it
     * connects to the probe's endpoint.
     */
    private Future<Void> probe(Lease lease, ServerWebSocket ws) {
        String endpoint = channel(lease).probeInfo().orElseThrow().endpoint();
        ProbeHold hold = new ProbeHold();
        return vertx.executeBlocking(() -> rack.takeProbe(lease.channel(), hold), false)
                .compose(route -> route.isPresent()
                        ? connect(
                                lease,
                                route.get().endpoint(),
                                ws,
                                hold,
                                route.get().release())
                        : connect(lease, endpoint, ws, null, () -> {}));
    }

    /** A close reason fits in a control frame (123 bytes): the full text is in the monitor's log. */
    static String reason(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    /**
     * Connects {@code ws} to {@code endpoint}; {@code hold}, when the probe was taken over in-process, closes the
     * connection when the rack hangs the probe up, and {@code release} gives the probe back once it is closed.
     */
    private Future<Void> connect(Lease lease, String endpoint, ServerWebSocket ws, ProbeHold hold, Runnable release) {
        return client.connect(address(endpoint))
                .onSuccess(probe -> {
                    LOG.info("lease {}: GDB stream attached to {}", lease.id(), endpoint);
                    splice(probe, ws);
                    splice(ws, probe);
                    probe.closeHandler(v -> {
                        release.run();
                        if (hold == null || !hold.wasCut()) {
                            ws.close((short) 1000, "the probe closed the connection");
                        }
                    });
                    ws.endHandler(v -> probe.close());
                    if (hold != null) {
                        hold.connected(probe);
                    }
                    ws.resume();
                })
                .onFailure(e -> {
                    release.run();
                    ws.close((short) 1011, reason("cannot reach the probe: " + e.getMessage()));
                })
                .mapEmpty();
    }

    /**
     * Copies {@code from} to {@code to}, pausing {@code from} while {@code to}'s write queue is full (back-pressure),
     * and counts the traffic as activity of the stream.
     */
    private void splice(io.vertx.core.streams.ReadStream<Buffer> from, io.vertx.core.streams.WriteStream<Buffer> to) {
        from.handler(bytes -> {
            touch(from);
            touch(to);
            to.write(bytes);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
    }

    private void touch(Object stream) {
        if (stream instanceof ServerWebSocket ws) {
            lastTraffic.put(ws, System.nanoTime());
        }
    }

    /**
     * Closes {@code ws} once no byte went either way for the lease's idle time (a stream left open and forgotten);
     * checks a few times per period.
     */
    private void closeWhenIdle(ServerWebSocket ws) {
        long idleNanos = leases.config().idle().toNanos();
        lastTraffic.put(ws, System.nanoTime());
        long period = Math.max(1_000, leases.config().idle().toMillis() / 4);
        vertx.setPeriodic(period, timer -> {
            Long last = lastTraffic.get(ws);
            if (ws.isClosed() || last == null) {
                vertx.cancelTimer(timer);
                lastTraffic.remove(ws);
            } else if (System.nanoTime() - last >= idleNanos) {
                vertx.cancelTimer(timer);
                lastTraffic.remove(ws);
                ws.close(
                        (short) 1000, "no traffic for " + leases.config().idle().toMinutes() + " min");
            }
        });
    }

    private Future<Void> uart(Lease lease, boolean holder, ServerWebSocket ws) {
        UartTap tap = taps.get(lease.id());
        if (tap == null) {
            ws.close((short) 1011, "channel " + lease.channel() + " has no UART");
            return Future.succeededFuture();
        }
        tap.attach(ws, holder);
        return Future.succeededFuture();
    }

    @Override
    public void ended(Lease lease) {
        String why = "the lease has ended ("
                + lease.end()
                        .map(e -> e.name().toLowerCase(java.util.Locale.ROOT))
                        .orElse("") + ")";
        List<ServerWebSocket> list = sockets.remove(lease.id());
        UartTap tap = taps.remove(lease.id());
        vertx.runOnContext(v -> {
            if (list != null) {
                list.forEach(ws -> ws.close((short) 1000, why));
            }
        });
        if (tap != null) {
            tap.close(); // here, not on an event loop: a serial device is closed before the target is restored
        }
    }

    /** How many WebSockets lease {@code id} has open (tests, the dashboard). */
    public int openStreams(long id) {
        return sockets.getOrDefault(id, List.of()).size();
    }

    private Testchannel channel(Lease lease) {
        return rack.rack().channels().stream()
                .filter(c -> c.index() == lease.channel())
                .findFirst()
                .orElseThrow(() -> new LeaseException(
                        LeaseException.Kind.NOT_FOUND, "channel " + lease.channel() + " is gone from the rack"));
    }

    /** {@code unix:/path} or {@code tcp:host:port}. */
    static SocketAddress address(String endpoint) {
        if (endpoint.startsWith("unix:")) {
            return SocketAddress.domainSocketAddress(endpoint.substring("unix:".length()));
        }
        if (endpoint.startsWith("tcp:")) {
            String hostPort = endpoint.substring("tcp:".length());
            int colon = hostPort.lastIndexOf(':');
            return SocketAddress.inetSocketAddress(
                    Integer.parseInt(hostPort.substring(colon + 1)), hostPort.substring(0, colon));
        }
        throw new LeaseException(
                LeaseException.Kind.CONFLICT,
                "the endpoint " + endpoint + " cannot be streamed (unix: and tcp: endpoints only)");
    }

    @Override
    public void close() {
        taps.values().forEach(UartTap::close);
        client.close();
    }
}
