package dev.hive.example.rsp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a debug stub listens. Parsed from an endpoint string:
 *
 * <ul>
 *   <li>{@code unix:/path/to/socket}: a Unix domain socket (QEMU {@code -gdb unix:...});
 *   <li>{@code tcp:host:port}: TCP, IPv6 literals in brackets ({@code tcp:[::1]:1234});
 *   <li>{@code serial:/dev/ttyACM0} or {@code serial:/dev/ttyACM0@115200}: a serial port (Black
 *       Magic Probe and other probes with a built-in GDB server). The baud rate defaults to {@value
 *       #DEFAULT_BAUD_RATE}; USB CDC devices ignore it.
 * </ul>
 *
 * @param kind the transport
 * @param address the socket path, the host name, or the serial device
 * @param port the TCP port, 0 otherwise
 * @param baudRate the serial baud rate, 0 otherwise
 */
public record RspEndpoint(Kind kind, String address, int port, int baudRate) {

    /** Default serial baud rate. */
    public static final int DEFAULT_BAUD_RATE = 115_200;

    private static final String FORMS = "expected unix:/path, tcp:host:port or serial:/dev/device[@baud]";

    /** The transport of an endpoint. */
    public enum Kind {
        UNIX,
        TCP,
        SERIAL
    }

    public RspEndpoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("empty address in " + kind.name().toLowerCase() + " endpoint");
        }
        if (kind == Kind.TCP && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("TCP port out of range 1..65535: " + port);
        }
        if (kind == Kind.SERIAL && baudRate <= 0) {
            throw new IllegalArgumentException("baud rate must be positive: " + baudRate);
        }
    }

    /** A Unix domain socket endpoint. */
    public static RspEndpoint unix(Path path) {
        return new RspEndpoint(Kind.UNIX, path.toString(), 0, 0);
    }

    /** A TCP endpoint. */
    public static RspEndpoint tcp(String host, int port) {
        return new RspEndpoint(Kind.TCP, host, port, 0);
    }

    /** A serial port endpoint. */
    public static RspEndpoint serial(String device, int baudRate) {
        return new RspEndpoint(Kind.SERIAL, device, 0, baudRate);
    }

    /**
     * Parses an endpoint string.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and which forms are
     *     accepted
     */
    public static RspEndpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty endpoint; " + FORMS);
        }
        String s = text.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("endpoint '" + s + "' has no scheme; " + FORMS);
        }
        String scheme = s.substring(0, colon);
        String rest = s.substring(colon + 1);
        switch (scheme) {
            case "unix":
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("endpoint '" + s + "' has no socket path; " + FORMS);
                }
                if (rest.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("socket path contains a NUL byte: '" + s + "'");
                }
                return new RspEndpoint(Kind.UNIX, rest, 0, 0);
            case "tcp":
                return parseTcp(s, rest);
            case "serial":
                return parseSerial(s, rest);
            default:
                throw new IllegalArgumentException("unknown endpoint scheme '" + scheme + "' in '" + s + "'; " + FORMS);
        }
    }

    private static RspEndpoint parseTcp(String s, String rest) {
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("endpoint '" + s + "': expected tcp:[ipv6]:port");
            }
            host = rest.substring(1, close);
            portText = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("endpoint '" + s + "' has no port; expected tcp:host:port");
            }
            host = rest.substring(0, colon);
            portText = rest.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        "endpoint '" + s + "': put IPv6 addresses in brackets, tcp:[::1]:port");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + s + "' has no host; expected tcp:host:port");
        }
        int port = parseNumber(portText, s, "port");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint '" + s + "': port " + port + " is out of range 1..65535");
        }
        return new RspEndpoint(Kind.TCP, host, port, 0);
    }

    private static RspEndpoint parseSerial(String s, String rest) {
        String device = rest;
        int baud = DEFAULT_BAUD_RATE;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            device = rest.substring(0, at);
            baud = parseNumber(rest.substring(at + 1), s, "baud rate");
            if (baud <= 0) {
                throw new IllegalArgumentException("endpoint '" + s + "': baud rate must be positive");
            }
        }
        if (device.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + s + "' has no serial device; " + FORMS);
        }
        return new RspEndpoint(Kind.SERIAL, device, 0, baud);
    }

    private static int parseNumber(String text, String endpoint, String what) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 9) {
            throw new IllegalArgumentException(
                    "endpoint '" + endpoint + "': " + what + " '" + text + "' is not a number");
        }
        return Integer.parseInt(text);
    }

    /** The canonical endpoint string; {@link #parse} accepts it. */
    @Override
    public String toString() {
        return switch (kind) {
            case UNIX -> "unix:" + address;
            case TCP -> "tcp:" + (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
            case SERIAL -> "serial:" + address + (baudRate == DEFAULT_BAUD_RATE ? "" : "@" + baudRate);
        };
    }
}
