package dev.hive.example.rsp;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;

/**
 * Serial port transport through jSerialComm (8N1, no flow control). Reads poll in short slices so
 * that a close from another thread ends a blocked read quickly.
 *
 * <p>This class is the only one that touches jSerialComm, so its native library is loaded only when
 * a serial endpoint is opened.
 */
final class SerialPortTransport implements RspTransport {

    private static final int POLL_MILLIS = 50;
    private static final int WRITE_TIMEOUT_MILLIS = 5_000;

    private final SerialPort port;
    private final String description;
    private volatile boolean closed;

    private SerialPortTransport(SerialPort port, String description) {
        this.port = port;
        this.description = description;
    }

    static SerialPortTransport open(RspEndpoint endpoint) throws RspException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(endpoint.address());
        } catch (SerialPortInvalidPortException e) {
            throw new RspException("cannot open " + endpoint + ": no such serial port", e);
        }
        port.setComPortParameters(endpoint.baudRate(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                POLL_MILLIS,
                WRITE_TIMEOUT_MILLIS);
        if (!port.openPort()) {
            throw new RspException("cannot open " + endpoint + " (error code " + port.getLastErrorCode()
                    + "; does the device exist, is it in use, may this user open it?)");
        }
        return new SerialPortTransport(port, endpoint.toString());
    }

    @Override
    public int read(byte[] buffer, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        while (true) {
            if (closed) {
                throw new IOException(description + " is closed");
            }
            int available = port.bytesAvailable();
            if (available < 0) {
                return -1;
            }
            if (available > 0 || timeoutMillis > 0) {
                int n = port.readBytes(buffer, available > 0 ? Math.min(available, buffer.length) : 1, 0);
                if (n < 0) {
                    return closed ? -1 : (port.isOpen() ? 0 : -1);
                }
                if (n > 0) {
                    return n;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return 0;
            }
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        int offset = 0;
        while (offset < data.length) {
            if (closed) {
                throw new IOException(description + " is closed");
            }
            int n = port.writeBytes(data, data.length - offset, offset);
            if (n < 0) {
                throw new IOException(
                        "write to " + description + " failed (error code " + port.getLastErrorCode() + ")");
            }
            if (n == 0) {
                throw new IOException("write to " + description + " timed out after " + WRITE_TIMEOUT_MILLIS + " ms");
            }
            offset += n;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            port.closePort();
        }
    }
}
