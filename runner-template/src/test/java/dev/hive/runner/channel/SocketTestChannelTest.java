package dev.hive.runner.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketTestChannelTest {

    @TempDir
    Path dir;

    @Test
    void theUartWritesAndReadsWithATimeout() throws Exception {
        Path socket = dir.resolve("uart-0.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                var channel = new SocketTestChannel(0, "unix:" + socket, false)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(channel.hasUart()).isTrue();
            channel.writeUart("ping".getBytes(StandardCharsets.US_ASCII));
            try (SocketChannel target = server.accept()) {
                ByteBuffer received = ByteBuffer.allocate(4);
                while (received.hasRemaining()) {
                    target.read(received);
                }
                assertThat(new String(received.array(), StandardCharsets.US_ASCII))
                        .isEqualTo("ping");

                long start = System.nanoTime();
                assertThat(channel.readUart(16, Duration.ofMillis(100)))
                        .as("nothing came")
                        .isEmpty();
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(90L, 2_000L);

                target.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
                assertThat(new String(channel.readUart(16, Duration.ofSeconds(2)), StandardCharsets.US_ASCII))
                        .isEqualTo("pong");
            }
        }
    }

    @Test
    void gpioSaysItIsNotAvailable() {
        var channel = new SocketTestChannel(2, null, false);
        assertThatThrownBy(() -> channel.setOutput(true))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("GPIO is not available on this rack");
        assertThatThrownBy(() -> channel.inputIsHigh(0)).hasMessage("GPIO is not available on this rack");
        assertThatThrownBy(() -> new SocketTestChannel(2, null, true).setOutput(true))
                .hasMessageContaining("this runner has no GPIO driver yet");
    }

    @Test
    void aChannelWithoutUartSaysSo() {
        var channel = new SocketTestChannel(3, null, false);
        assertThat(channel.hasUart()).isFalse();
        assertThatThrownBy(() -> channel.readUart(1, Duration.ofMillis(1)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("channel 3 has no UART on this rack");
    }
}
