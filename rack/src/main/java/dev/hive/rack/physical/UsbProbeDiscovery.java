package dev.hive.rack.physical;

import dev.hive.rack.backend.ProbeDiscovery;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds debug probes on USB: reads the devices through a {@link UsbScanner} (libusb by default), keeps those
 * {@link KnownProbes} recognises, and for a Black Magic Probe looks up its GDB serial port, which becomes its
 * endpoint. Every reason the list may be short is returned as a note.
 */
public final class UsbProbeDiscovery implements ProbeDiscovery {

    private static final Logger log = LoggerFactory.getLogger(UsbProbeDiscovery.class);

    private final UsbScanner scanner;
    private final SerialPorts serialPorts;

    /** Discovery through libusb and jSerialComm. */
    public UsbProbeDiscovery() {
        this(new LibUsbScanner(), new SerialPorts());
    }

    public UsbProbeDiscovery(UsbScanner scanner, SerialPorts serialPorts) {
        this.scanner = scanner;
        this.serialPorts = serialPorts;
    }

    @Override
    public Result discover() {
        long start = System.nanoTime();
        UsbScanner.Scan scan = scanner.scan();
        var notes = new ArrayList<>(scan.notes());
        var probes = new ArrayList<ProbeInfo>();
        for (UsbDescriptor device : scan.devices()) {
            Optional<ProbeInfo> probe = KnownProbes.identify(device);
            if (probe.isEmpty()) {
                log.trace("not a debug probe: {}", device.describe());
                continue;
            }
            probes.add(withGdbPort(probe.get(), notes));
        }
        if (!scan.devices().isEmpty() && probes.isEmpty()) {
            notes.add(scan.devices().size() + " USB device(s) are attached, but none is a debug probe the rack"
                    + " knows (see the table in docs/hardware.md)");
        }
        log.debug(
                "found {} debug probe(s) among {} USB device(s) in {} ms{}",
                probes.size(),
                scan.devices().size(),
                (System.nanoTime() - start) / 1_000_000,
                notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return new Result(probes, notes);
    }

    private ProbeInfo withGdbPort(ProbeInfo probe, List<String> notes) {
        if (probe.kind() != ProbeKind.BLACK_MAGIC_PROBE) {
            return probe;
        }
        Optional<SerialPortInfo> port = serialPorts.gdbPortOf(probe);
        if (port.isEmpty()) {
            notes.add("the Black Magic Probe " + probe.serial() + " at " + probe.endpoint()
                    + " has no GDB serial port that this host lists");
            return probe;
        }
        return new ProbeInfo(
                probe.kind(),
                probe.identifier(),
                probe.vendorId(),
                probe.productId(),
                probe.serial(),
                port.get().endpoint());
    }
}
