package dev.hive.rack.physical;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A serial device the monitor opens for a lease, through jSerialComm: a probe's GDB port (a Black Magic Probe's USB
 * CDC-ACM port) or a target's UART (a USB serial adapter). Opened exclusively, raw, 8N1 without flow control, at
 * the given rate (USB CDC ignores it; a real UART does not). Its errors name what it is and its path.
 *
 * <p>Reads wait at most {@link #READ_WAIT_MS} so that a reader notices {@link #close()}; writes block until the
 * bytes are handed to the device.
 */
public final class SerialDevice implements AutoCloseable {

    /** The longest a {@link #read} waits for a byte before it returns 0. */
    public static final int READ_WAIT_MS = 200;

    /** The rate of a GDB port, and of a UART whose rack file gives none. */
    public static final int DEFAULT_BAUD = 115200;

    private final String name;
    private final String path;
    private final SerialPort port;
    private volatile boolean closed;

    private SerialDevice(String name, String path, SerialPort port) {
        this.name = name;
        this.path = path;
        this.port = port;
    }

    /**
     * Opens a probe's GDB port at {@code path} (a symbolic link such as {@code /dev/serial/by-id/...} is followed).
     *
     * @throws IOException with a message naming the path when the device is missing, busy or cannot be set up
     */
    public static SerialDevice openGdbPort(String path) throws IOException {
        return open("the GDB serial device " + path, "is the probe plugged in?", path, DEFAULT_BAUD);
    }

    /**
     * Opens a target's UART at {@code path} at {@code baud}.
     *
     * @throws IOException with a message naming the path when the device is missing, busy or cannot be set up
     */
    public static SerialDevice openUart(String path, int baud) throws IOException {
        return open("the UART device " + path, "is the serial adapter plugged in?", path, baud);
    }

    private static SerialDevice open(String name, String hint, String path, int baud) throws IOException {
        if (!Files.exists(Path.of(path))) {
            throw new IOException(name + " does not exist (" + hint + ")");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(name + " cannot be used: " + e.getMessage(), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_WAIT_MS, 0);
        if (!port.openPort()) {
            throw new IOException(name + " is busy or cannot be opened (error " + port.getLastErrorCode()
                    + "; another program or stream may have it open)");
        }
        // what was left in the device's buffers from an earlier user is not this stream's
        port.flushIOBuffers();
        return new SerialDevice(name, path, port);
    }

    public String path() {
        return path;
    }

    /** What the device is, with its path ({@code the UART device /dev/ttyUSB0}), for messages. */
    public String name() {
        return name;
    }

    /**
     * Reads what is there, waiting at most {@link #READ_WAIT_MS} for the first byte.
     *
     * @return the number of bytes read, 0 when none came in time, -1 when the port is closed or the device gone
     */
    public int read(byte[] buffer) {
        if (closed) {
            return -1;
        }
        int n = port.readBytes(buffer, buffer.length);
        return closed ? -1 : n;
    }

    /**
     * Writes all of {@code bytes}.
     *
     * @throws IOException when the port is closed or the device is gone
     */
    public void write(byte[] bytes) throws IOException {
        int done = 0;
        while (done < bytes.length) {
            if (closed) {
                throw new IOException(name + " is closed");
            }
            int n = port.writeBytes(bytes, bytes.length - done, done);
            if (n < 0) {
                throw new IOException("cannot write to " + name + " (error " + port.getLastErrorCode() + ")");
            }
            done += n;
        }
    }

    public boolean isOpen() {
        return !closed && port.isOpen();
    }

    /** Closes the device; a {@link #read} in progress returns -1. Idempotent. */
    @Override
    public void close() {
        closed = true;
        port.closePort();
    }
}
