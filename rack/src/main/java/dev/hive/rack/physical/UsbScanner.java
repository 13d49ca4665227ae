package dev.hive.rack.physical;

import java.util.List;

/**
 * Reads the descriptors of the USB devices attached to this host. The real one is {@link LibUsbScanner};
 * {@link UsbProbeDiscovery} turns what it reads into probes.
 */
public interface UsbScanner {

    /** The devices seen now, and notes on devices that could not be read or on why none are seen. */
    Scan scan();

    record Scan(List<UsbDescriptor> devices, List<String> notes) {
        public Scan {
            devices = List.copyOf(devices);
            notes = List.copyOf(notes);
        }
    }
}
