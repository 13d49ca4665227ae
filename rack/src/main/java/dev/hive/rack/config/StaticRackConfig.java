package dev.hive.rack.config;

import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.ProbeKind;
import java.time.Duration;
import java.util.List;

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
     * One channel: the probe expected in it, the target wired to it, and optionally the target's serial port.
     *
     * @param probe which probe belongs here
     * @param target the wired target
     * @param uart the serial device of the target's UART (e.g. {@code /dev/ttyUSB0}), or null
     */
    public record ChannelConfig(ProbeSelector probe, CatalogTarget target, String uart) {}

    /**
     * Identifies one physical probe. The serial is required: two identical probes differ only by it.
     *
     * @param kind the probe family, or null to accept any known family with this serial
     * @param vendorId USB vendor id, or null to take it from the kind
     * @param productId USB product id, or null to take it from the kind
     * @param serial the USB serial number
     */
    public record ProbeSelector(ProbeKind kind, Integer vendorId, Integer productId, String serial) {}

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
