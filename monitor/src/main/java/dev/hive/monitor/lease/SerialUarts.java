package dev.hive.monitor.lease;

import dev.hive.rack.config.RackConfig;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.config.StaticRackConfig.ChannelConfig;
import dev.hive.rack.physical.SerialDevice;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UARTs on serial devices (a static channel's {@code uart}, given as {@code serial:PATH}): opened for a lease's
 * {@link UartTap} when the lease starts, exclusively and raw at the rack file's {@code uartBaud}, and closed when
 * it ends. A {@link SerialPump} reads the device into the tap on a thread of its own; while the holder's WebSocket is
 * full it does not read the device (its buffer fills, as a real UART's does). A device that is missing or busy
 * leaves the tap unusable with the reason (its streams are closed with 1011 and it); the lease goes on.
 */
public final class SerialUarts {

    private static final Logger LOG = LoggerFactory.getLogger(SerialUarts.class);

    private final Vertx vertx;
    private final Supplier<RackConfig> config;

    /** @param config the rack's configuration now (it names the devices and their rates) */
    public SerialUarts(Vertx vertx, Supplier<RackConfig> config) {
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * The device the rack file names as {@code channel}'s UART, whether it is there or not (a static rack's backend
     * leaves a missing one out of the channel; a lease's UART stream should still say which device is missing).
     */
    Optional<String> configured(int channel) {
        return channelConfig(channel).map(ChannelConfig::uart);
    }

    /** Opens {@code path} as {@code tap}'s line, or leaves {@code tap} unusable with the reason. Blocks briefly. */
    void open(Lease lease, String path, UartTap tap) {
        int baud = channelConfig(lease.channel()).map(ChannelConfig::uartBaud).orElse(SerialDevice.DEFAULT_BAUD);
        long started = System.nanoTime();
        SerialDevice device;
        try {
            device = SerialDevice.openUart(path, baud);
        } catch (IOException e) {
            LOG.warn("lease {}: {}; the lease goes on without its UART", lease.id(), e.getMessage());
            tap.fail(e.getMessage());
            return;
        }
        var line = new Line(device, tap);
        if (tap.open(line)) {
            LOG.info(
                    "lease {}: opened the UART device {} at {} baud in {} ms",
                    lease.id(),
                    path,
                    baud,
                    (System.nanoTime() - started) / 1_000_000);
            line.start();
        }
    }

    private Optional<ChannelConfig> channelConfig(int channel) {
        return config.get() instanceof StaticRackConfig fixed
                        && channel >= 0
                        && channel < fixed.channels().size()
                ? Optional.of(fixed.channels().get(channel))
                : Optional.empty();
    }

    /** One open UART device feeding one tap. */
    private final class Line implements UartLine, SerialPump.Sink {
        private final SerialDevice device;
        private final UartTap tap;
        private final SerialPump pump;

        Line(SerialDevice device, UartTap tap) {
            this.device = device;
            this.tap = tap;
            this.pump = new SerialPump(vertx, device, "uart-serial-" + tap.leaseId());
        }

        void start() {
            pump.start(this, this::ended);
        }

        /** Before each read: wait while the holder's socket is full (back-pressure on the device). */
        @Override
        public boolean awaitRoom() throws InterruptedException {
            ServerWebSocket holder = tap.writer();
            if (holder != null) {
                WriteRoom.await(vertx, holder);
            }
            return true;
        }

        @Override
        public boolean take(Buffer chunk) {
            tap.received(chunk);
            return true;
        }

        private void ended() {
            String why = device.name() + " closed (unplugged?)";
            LOG.warn("lease {}: {}", tap.leaseId(), why);
            tap.fail(why);
        }

        @Override
        public void write(Buffer bytes, ServerWebSocket from) {
            pump.write(bytes, from);
        }

        @Override
        public void holdFor(ServerWebSocket full) {
            // the pump looks at the holder's socket before each read (awaitRoom)
        }

        @Override
        public void resume() {
            // the same: a holder that has gone is not waited for
        }

        @Override
        public void close() {
            pump.close();
            LOG.info("lease {}: closed {}", tap.leaseId(), device.name());
        }
    }
}
