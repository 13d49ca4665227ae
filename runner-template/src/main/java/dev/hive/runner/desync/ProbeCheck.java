package dev.hive.runner.desync;

import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks that every probe the monitor lists is one the runner can reach itself, before any test runs. A
 * mismatch is a desync: the run ends as an infrastructure error naming the probe.
 *
 * <ul>
 *   <li>{@code unix:/path}: the socket accepts a connection (which is closed at once);
 *   <li>{@code tcp:host:port}: a connection succeeds within a second;
 *   <li>{@code serial:/dev/…[@baud]}: the device exists;
 *   <li>{@code usb:BUS-PORT}: the device is in {@code /sys/bus/usb/devices} with the listed serial and
 *       vendor/product id.
 * </ul>
 */
public final class ProbeCheck {

    private static final int TCP_TIMEOUT_MILLIS = 1000;

    private final Path usbDevices;

    /** A check that looks for USB devices under {@code usbDevices} (normally {@code /sys/bus/usb/devices}). */
    public ProbeCheck(Path usbDevices) {
        this.usbDevices = usbDevices;
    }

    public ProbeCheck() {
        this(Path.of("/sys/bus/usb/devices"));
    }

    /** What is wrong with the rack's probes, one sentence per unreachable probe; empty when all are reachable. */
    public List<String> problems(RackDescription rack) {
        var problems = new ArrayList<String>();
        for (ChannelDescription channel : rack.channels()) {
            if (channel.probe() != null) {
                check(channel.probe())
                        .ifPresent(
                                why -> problems.add("probe " + channel.probe().identifier() + " ("
                                        + channel.probe().serial() + ") of channel " + channel.index() + " at "
                                        + channel.probe().endpoint() + " is not reachable: " + why));
            }
        }
        return problems;
    }

    /** Why {@code probe} is not reachable, or empty when it is. */
    public Optional<String> check(ProbeDescription probe) {
        String endpoint = probe.endpoint();
        int colon = endpoint.indexOf(':');
        if (colon < 0) {
            return Optional.of("the endpoint has no scheme (unix:, tcp:, serial: or usb:)");
        }
        String scheme = endpoint.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = endpoint.substring(colon + 1);
        return switch (scheme) {
            case "unix" -> unix(rest);
            case "tcp" -> tcp(rest);
            case "serial" -> serial(rest);
            case "usb" -> usb(rest, probe);
            default -> Optional.of("unknown endpoint scheme " + scheme);
        };
    }

    private static Optional<String> unix(String path) {
        try (SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.connect(UnixDomainSocketAddress.of(path));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("the socket does not accept a connection (" + describe(e) + ")");
        }
    }

    private static Optional<String> tcp(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.of("the endpoint is not host:port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try (var socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))), TCP_TIMEOUT_MILLIS);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("no connection within " + TCP_TIMEOUT_MILLIS + " ms (" + describe(e) + ")");
        }
    }

    private static Optional<String> serial(String device) {
        int at = device.lastIndexOf('@');
        Path path = Path.of(at < 0 ? device : device.substring(0, at));
        return Files.exists(path) ? Optional.empty() : Optional.of(path + " does not exist");
    }

    private Optional<String> usb(String location, ProbeDescription probe) {
        Path device = usbDevices.resolve(location);
        if (!location.matches("[0-9]+-[0-9.]+") || !Files.isDirectory(device)) {
            return Optional.of("no USB device at " + location + " (looked in " + usbDevices + ")");
        }
        try {
            String serial = read(device.resolve("serial"));
            if (!serial.equals(probe.serial())) {
                return Optional.of("the USB device at " + location + " has serial " + quoted(serial) + ", not "
                        + quoted(probe.serial()));
            }
            String id = read(device.resolve("idVendor")) + ":" + read(device.resolve("idProduct"));
            if (!id.equalsIgnoreCase(probe.usbId())) {
                return Optional.of("the USB device at " + location + " is " + id + ", not " + probe.usbId());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read the USB device at " + location + " (" + describe(e) + ")");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).strip() : "";
    }

    private static String quoted(String text) {
        return text.isEmpty() ? "(none)" : "\"" + text + "\"";
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
