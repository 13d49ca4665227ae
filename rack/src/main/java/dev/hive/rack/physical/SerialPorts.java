package dev.hive.rack.physical;

import com.fazecast.jSerialComm.SerialPort;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial ports of this host, listed with jSerialComm: the UARTs of targets named in the rack file, and the
 * GDB port of a Black Magic Probe. Ports are matched by their real path, so stable names such as {@code
 * /dev/serial/by-id/...} work in the rack file.
 */
public final class SerialPorts {

    private static final Logger log = LoggerFactory.getLogger(SerialPorts.class);

    private final Supplier<List<SerialPortInfo>> source;

    /** The ports jSerialComm sees. */
    public SerialPorts() {
        this(SerialPorts::listWithJSerialComm);
    }

    /** Ports from {@code source}; for a host whose ports come from elsewhere. */
    public SerialPorts(Supplier<List<SerialPortInfo>> source) {
        this.source = source;
    }

    public List<SerialPortInfo> list() {
        return List.copyOf(source.get());
    }

    /**
     * The port at {@code path}; a symbolic link such as {@code /dev/serial/by-id/...} is followed first.
     *
     * @return empty when no such port exists now
     */
    public Optional<SerialPortInfo> find(String path) {
        String wanted = realPath(path);
        return list().stream()
                .filter(p -> p.path().equals(path) || p.path().equals(wanted))
                .findFirst();
    }

    /**
     * The GDB server port of a Black Magic Probe: among the probe's ports (same USB ids and serial), the one
     * that calls itself a GDB server, or else the first by path, which is the GDB port on Linux.
     */
    public Optional<SerialPortInfo> gdbPortOf(ProbeInfo probe) {
        if (probe.kind() != ProbeKind.BLACK_MAGIC_PROBE || probe.serial().isEmpty()) {
            return Optional.empty();
        }
        List<SerialPortInfo> own = list().stream()
                .filter(p -> p.vendorId() == probe.vendorId()
                        && p.productId() == probe.productId()
                        && p.serial().equalsIgnoreCase(probe.serial()))
                .sorted(Comparator.comparing(SerialPortInfo::path))
                .toList();
        return own.stream()
                .filter(p -> p.description().toUpperCase(Locale.ROOT).contains("GDB"))
                .findFirst()
                .or(() -> own.stream().findFirst());
    }

    private static String realPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }

    private static List<SerialPortInfo> listWithJSerialComm() {
        long start = System.nanoTime();
        var ports = new ArrayList<SerialPortInfo>();
        try {
            for (SerialPort port : SerialPort.getCommPorts()) {
                String path = port.getSystemPortPath();
                if (path == null || path.isEmpty()) {
                    continue;
                }
                boolean usb = port.getVendorID() >= 0;
                String serial = port.getSerialNumber();
                ports.add(new SerialPortInfo(
                        path,
                        port.getPortDescription(),
                        port.getVendorID(),
                        port.getProductID(),
                        usb && !"Unknown".equals(serial) ? serial : "",
                        usb ? port.getPortLocation() : ""));
            }
        } catch (RuntimeException | LinkageError e) {
            log.warn("serial ports cannot be listed: jSerialComm failed ({})", e.toString());
            return List.of();
        }
        log.debug("listed {} serial port(s) in {} ms", ports.size(), (System.nanoTime() - start) / 1_000_000);
        return ports;
    }

    /** Whether {@code path} exists as a file, for ports the serial library does not list (e.g. pseudo terminals). */
    static boolean exists(String path) {
        return Files.exists(Path.of(path));
    }
}
