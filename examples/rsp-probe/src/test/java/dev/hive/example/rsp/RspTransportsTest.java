package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RspTransportsTest {

    @TempDir
    Path dir;

    @Test
    void unixTransportReadsWithTimeoutsAndSeesEndOfStream() throws Exception {
        Path socket = dir.resolve("t.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            RspTransport t = RspTransports.open(RspEndpoint.unix(socket), Duration.ofSeconds(1));
            try (SocketChannel peer = server.accept()) {
                assertThat(t.description()).isEqualTo("unix:" + socket);
                byte[] buf = new byte[16];
                long start = System.nanoTime();
                assertThat(t.read(buf, 100)).isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
                assertThat(t.read(buf, 0)).isZero();

                t.write("$?#3f".getBytes());
                ByteBuffer in = ByteBuffer.allocate(16);
                peer.read(in);
                assertThat(new String(in.array(), 0, in.position())).isEqualTo("$?#3f");

                peer.write(ByteBuffer.wrap("+".getBytes()));
                assertThat(t.read(buf, 1000)).isEqualTo(1);
                assertThat(buf[0]).isEqualTo((byte) '+');
                peer.shutdownOutput();
                assertThat(t.read(buf, 1000)).isEqualTo(-1);
            } finally {
                t.close();
                t.close();
            }
            assertThatThrownBy(() -> t.read(new byte[1], 0)).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void missingUnixSocketGivesAClearError() {
        Path missing = dir.resolve("nope.gdb");
        assertThatThrownBy(() -> RspSession.open("unix:" + missing))
                .isInstanceOf(RspException.class)
                .isNotInstanceOf(RspTimeoutException.class)
                .hasMessageContaining("cannot connect to unix:" + missing);
    }

    @Test
    void staleUnixSocketFileGivesAClearError() throws Exception {
        Path socket = dir.resolve("stale.gdb");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).isTrue();
        assertThatThrownBy(() -> RspSession.open("unix:" + socket)).hasMessageContaining("cannot connect");
    }

    @Test
    void refusedTcpConnectionGivesAClearError() throws Exception {
        int port;
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        }
        assertThatThrownBy(() -> RspSession.open("tcp:127.0.0.1:" + port))
                .isInstanceOf(RspException.class)
                .hasMessageContaining("cannot connect to tcp:127.0.0.1:" + port);
    }

    @Test
    void unknownTcpHostGivesAClearError() {
        assertThatThrownBy(() -> RspSession.open("tcp:no-such-host.invalid:1234"))
                .isInstanceOf(RspException.class)
                .hasMessageContaining("unknown host");
    }

    @Test
    void malformedEndpointIsAnIllegalArgument() {
        assertThatThrownBy(() -> RspSession.open("localhost:1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown endpoint scheme 'localhost'");
    }

    @Test
    void handshakeAgainstSomethingThatIsNotAStubTimesOut() throws Exception {
        Path socket = dir.resolve("silent.gdb");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            RspOptions options = RspOptions.defaults().withReplyTimeout(Duration.ofMillis(200));
            assertThatThrownBy(() -> RspSession.open("unix:" + socket, options))
                    .isInstanceOfSatisfying(RspTimeoutException.class, e -> assertThat(e.request())
                            .isEqualTo(RspSession.QSUPPORTED));
        }
    }
}
