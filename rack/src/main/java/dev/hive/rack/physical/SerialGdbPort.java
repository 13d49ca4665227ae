package dev.hive.rack.physical;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A probe's GDB port that is a serial device (a Black Magic Probe's USB CDC-ACM port), opened through jSerialComm:
 * exclusively, raw, 115200 8N1 without flow control (USB CDC ignores the rate; a real UART does not). GDB's remote
 * protocol runs over it as over TCP.
 *
 * <p>Reads wait at most {@link #READ_WAIT_MS} so that a reader notices {@link #close()}; writes block until the
 * bytes are handed to the device.
 */
public final class SerialGdbPort implements AutoCloseable {

    /** The longest a {@link #read} waits for a byte before it returns 0. */
    public static final int READ_WAIT_MS = 200;

    private final String path;
    private final SerialPort port;
    private volatile boolean closed;

    private SerialGdbPort(String path, SerialPort port) {
        this.path = path;
        this.port = port;
    }

    /**
     * Opens the device at {@code path} (a symbolic link such as {@code /dev/serial/by-id/...} is followed).
     *
     * @throws IOException with a message naming the path when the device is missing, busy or cannot be set up
     */
    public static SerialGdbPort open(String path) throws IOException {
        if (!Files.exists(Path.of(path))) {
            throw new IOException("the GDB serial device " + path + " does not exist (is the probe plugged in?)");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("the GDB serial device " + path + " cannot be used: " + e.getMessage(), e);
        }
        port.setComPortParameters(115200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_WAIT_MS, 0);
        if (!port.openPort()) {
            throw new IOException("the GDB serial device " + path + " is busy or cannot be opened (error "
                    + port.getLastErrorCode() + "; another program or stream may have it open)");
        }
        // what was left in the device's buffers from an earlier user is not this stream's
        port.flushIOBuffers();
        return new SerialGdbPort(path, port);
    }

    public String path() {
        return path;
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
                throw new IOException("the GDB serial device " + path + " is closed");
            }
            int n = port.writeBytes(bytes, bytes.length - done, done);
            if (n < 0) {
                throw new IOException(
                        "cannot write to the GDB serial device " + path + " (error " + port.getLastErrorCode() + ")");
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
