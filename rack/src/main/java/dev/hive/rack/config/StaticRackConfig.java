package dev.hive.rack.config;

import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.ProbeKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rack of physical probes, each channel wired to one target (no bus switch).
 *
 * @param name the rack's name
 * @param channels the channels in index order
 * @param flasher how targets are flashed
 */
public record StaticRackConfig(String name, List<ChannelConfig> channels, FlasherConfig flasher) implements RackConfig {

    public StaticRackConfig {
        channels = List.copyOf(channels);
    }

    /**
     * The same rack with {@code target} wired to channel {@code channel} (a person swapped the board).
     *
     * @throws IllegalArgumentException when the channel does not exist
     */
    public StaticRackConfig withTarget(int channel, CatalogTarget target) {
        ChannelConfig old = channel(channel);
        return with(
                channel,
                new ChannelConfig(
                        old.probe(),
                        Objects.requireNonNull(target, "target"),
                        old.uart(),
                        old.gdbServer(),
                        old.gdbSerial(),
                        old.uartBaud()));
    }

    /**
     * The same rack with the probe {@code probe} in channel {@code channel}.
     *
     * @throws IllegalArgumentException when the channel does not exist or another channel names that serial
     */
    public StaticRackConfig withProbe(int channel, ProbeSelector probe) {
        ChannelConfig old = channel(channel);
        for (int c = 0; c < channels.size(); c++) {
            if (c != channel && channels.get(c).probe().serial().equals(probe.serial())) {
                throw new IllegalArgumentException(
                        "channel " + c + " already has the probe with serial " + probe.serial());
            }
        }
        return with(
                channel,
                new ChannelConfig(probe, old.target(), old.uart(), old.gdbServer(), old.gdbSerial(), old.uartBaud()));
    }

    private ChannelConfig channel(int channel) {
        if (channel < 0 || channel >= channels.size()) {
            throw new IllegalArgumentException("rack " + name + " has no channel " + channel);
        }
        return channels.get(channel);
    }

    private StaticRackConfig with(int channel, ChannelConfig config) {
        var changed = new ArrayList<>(channels);
        changed.set(channel, config);
        return new StaticRackConfig(name, changed, flasher);
    }

    /**
     * One channel: the probe expected in it, the target wired to it, and optionally the target's serial port.
     *
     * @param probe which probe belongs here
     * @param target the wired target
     * @param uart the serial device of the target's UART (e.g. {@code /dev/ttyUSB0}), or null
     * @param gdbServer the GDB server the monitor starts for a lease of this channel, or null (the lease's GDB
     *     stream then goes to the probe's endpoint)
     * @param gdbSerial the serial device that is the probe's GDB port (a Black Magic Probe's {@code
     *     /dev/serial/by-id/...-if00}), or null; never together with {@code gdbServer}
     * @param uartBaud the rate of {@code uart} in baud (8N1, no flow control), {@link #DEFAULT_UART_BAUD} unless
     *     the rack file gives one
     */
    public record ChannelConfig(
            ProbeSelector probe,
            CatalogTarget target,
            String uart,
            GdbServerConfig gdbServer,
            String gdbSerial,
            int uartBaud) {

        /** The UART's rate when the rack file gives none. */
        public static final int DEFAULT_UART_BAUD = 115200;

        public ChannelConfig {
            if (gdbServer != null && gdbSerial != null) {
                throw new IllegalArgumentException(
                        "a channel's GDB port is a gdbServer or a gdbSerial device, not both");
            }
            if (uartBaud <= 0) {
                throw new IllegalArgumentException("a UART's rate is a positive number of baud, not " + uartBaud);
            }
        }

        /** A channel whose UART (if any) runs at {@link #DEFAULT_UART_BAUD}. */
        public ChannelConfig(
                ProbeSelector probe, CatalogTarget target, String uart, GdbServerConfig gdbServer, String gdbSerial) {
            this(probe, target, uart, gdbServer, gdbSerial, DEFAULT_UART_BAUD);
        }

        /** A channel without a GDB serial device. */
        public ChannelConfig(ProbeSelector probe, CatalogTarget target, String uart, GdbServerConfig gdbServer) {
            this(probe, target, uart, gdbServer, null);
        }

        /** A channel without a GDB server template or serial device. */
        public ChannelConfig(ProbeSelector probe, CatalogTarget target, String uart) {
            this(probe, target, uart, null, null);
        }
    }

    /** How a GDB server started for a lease talks to the monitor. */
    public enum GdbServerMode {
        /** It listens on a loopback TCP port the monitor picks ({@code {port}}); one process per lease. */
        TCP,
        /** It speaks GDB's protocol on its stdin and stdout (OpenOCD's {@code gdb port pipe}); one per connection. */
        PIPE
    }

    /**
     * A GDB server the monitor starts for a lease (probe-rs, OpenOCD, JLinkGDBServer, or any program that serves
     * GDB's remote protocol).
     *
     * @param command the command and its arguments, with the flasher's placeholders (see {@code
     *     dev.hive.rack.physical.CommandTemplate}), {@code {elf}} for the testprogram image of the target, and in
     *     TCP mode {@code {port}} (required) for the loopback port to listen on
     * @param mode how it is reached
     * @param startTimeout how long it may take to accept a connection (TCP) before it is stopped as failed
     */
    public record GdbServerConfig(List<String> command, GdbServerMode mode, Duration startTimeout) {
        public GdbServerConfig {
            command = List.copyOf(command);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(startTimeout, "startTimeout");
        }
    }

    /**
     * Identifies one physical probe. The serial is required: two identical probes differ only by it.
     *
     * @param kind the probe family, or null to accept any known family with this serial
     * @param vendorId USB vendor id, or null to take it from the kind
     * @param productId USB product id, or null to take it from the kind
     * @param serial the USB serial number
     */
    public record ProbeSelector(ProbeKind kind, Integer vendorId, Integer productId, String serial) {
        public ProbeSelector {
            if (serial == null || serial.isBlank()) {
                throw new IllegalArgumentException("a probe of a static rack is identified by its serial number");
            }
        }
    }

    /**
     * An external flashing tool, and optionally one that resets a target.
     *
     * @param command the command and its arguments; the placeholders {@code {elf}}, {@code {chip}}, {@code
     *     {target}}, {@code {probeSerial}}, {@code {vid}} and {@code {pid}} are replaced in each argument
     * @param timeout how long one flash (or one reset) may take before the tool is killed
     * @param resetCommand the command that resets a target, with the same placeholders except {@code {elf}};
     *     empty when the rack has none
     */
    public record FlasherConfig(List<String> command, Duration timeout, List<String> resetCommand) {
        public FlasherConfig {
            command = List.copyOf(command);
            resetCommand = resetCommand == null ? List.of() : List.copyOf(resetCommand);
        }

        /** A flasher without a reset command. */
        public FlasherConfig(List<String> command, Duration timeout) {
            this(command, timeout, List.of());
        }
    }
}
