package dev.hive.example.rsp;

import java.time.Duration;

/** Opens the built-in transports. */
public final class RspTransports {

    private RspTransports() {}

    /**
     * Connects to an endpoint.
     *
     * @param endpoint where the stub listens
     * @param connectTimeout how long a TCP connect may take (Unix sockets connect at once or fail;
     *     serial ports open at once or fail)
     * @throws RspTimeoutException if a TCP connect timed out
     * @throws RspException if the connection could not be made (no such socket, connection refused,
     *     no such serial port, port busy)
     */
    public static RspTransport open(RspEndpoint endpoint, Duration connectTimeout) throws RspException {
        return switch (endpoint.kind()) {
            case UNIX -> SocketChannelTransport.connectUnix(endpoint, connectTimeout);
            case TCP -> SocketChannelTransport.connectTcp(endpoint, connectTimeout);
            case SERIAL -> SerialPortTransport.open(endpoint);
        };
    }
}
