package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcReader;
import dev.hive.protocol.ipc.IpcWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** A runner written for the tests: the JDK's Unix sockets and the protocol's reader and writer. */
final class FakeRunner implements AutoCloseable {

    private final SocketChannel channel;
    private final OutputStream out;
    private final IpcWriter writer;
    private final IpcReader reader;

    FakeRunner(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        };
        writer = new IpcWriter(out);
        reader = new IpcReader(new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return length == 0 ? 0 : channel.read(ByteBuffer.wrap(buffer, offset, length));
            }
        });
    }

    void send(IpcMessage message) throws IOException {
        writer.write(message);
    }

    void sendRaw(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** The next message from the monitor, or empty when it closed the socket. */
    Optional<IpcMessage> read() throws IOException {
        return reader.read();
    }

    @SuppressWarnings("unchecked")
    <T extends IpcMessage> T read(Class<T> type) throws IOException {
        IpcMessage message = reader.read().orElseThrow(() -> new AssertionError("the monitor closed the socket"));
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + message);
        }
        return (T) message;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
