package dev.hive.rack.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import dev.hive.testprograms.UartBurst;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default testprogram's UART line protocol (docs/testprogram.md, "UART") through a virtual rack: a
 * channel's UART endpoint reaches the first serial port of the target the channel is connected to, and
 * nothing once it is disconnected.
 */
class VirtualUartTest {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SILENCE = Duration.ofMillis(700);
    private static final int CHANNEL = 0;

    @TempDir
    static Path work;

    static VirtualRackFixture fixture;

    @BeforeAll
    static void startRack() {
        fixture = new VirtualRackFixture(work);
    }

    @AfterAll
    static void stopRack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void disconnect() {
        fixture.rack.disconnect(CHANNEL);
    }

    /** Every target of the fixture's rack: stm32vldiscovery, netduinoplus2, lm3s6965evb, microbit, ... */
    static Stream<Arguments> targets() {
        return Stream.of(
                        "stm32vldiscovery",
                        "netduinoplus2",
                        "lm3s6965evb",
                        "microbit",
                        "mps2-an500",
                        "mps2-an505",
                        "sifive_e")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void theTargetAnswersOnTheChannelsUartAndFallsSilentWhenDisconnected(String name) throws Exception {
        SlotAddress slot = slotOf(name);
        fixture.rack.connect(CHANNEL, slot);
        try (var uart = UartClient.open(uartEndpoint(CHANNEL))) {
            String line = "hello, hive " + name;
            uart.send(line + "\n");
            assertThat(uart.readLine(REPLY_TIMEOUT))
                    .as("echo from %s", name)
                    .contains("hive:" + line.toUpperCase(Locale.ROOT));

            uart.send("uid?\r\n");
            assertThat(uart.readLine(REPLY_TIMEOUT))
                    .as("uid from %s", name)
                    .contains("hive:uid=%016x".formatted(fixture.build.uid()));

            long first = counter(uart);
            Thread.sleep(50);
            assertThat(counter(uart)).as("hive_counter of %s moves", name).isGreaterThan(first);

            fixture.rack.disconnect(CHANNEL);
            uart.send("anybody there?\n");
            assertThat(uart.drain(SILENCE))
                    .as("what a disconnected channel's UART hears from %s", name)
                    .isEmpty();
            assertThat(uart.closedByPeer())
                    .as("the endpoint stays open with no target behind it")
                    .isFalse();
        }
    }

    @Test
    void oneClientFollowsTheChannelFromTargetToTarget() throws Exception {
        try (var uart = UartClient.open(uartEndpoint(CHANNEL))) {
            assertThat(uart.drain(SILENCE)).as("nothing is connected yet").isEmpty();
            for (String name : new String[] {"sifive_e", "microbit", "stm32vldiscovery"}) {
                fixture.rack.connect(CHANNEL, slotOf(name));
                uart.send(name + "\n");
                assertThat(uart.readLine(REPLY_TIMEOUT))
                        .as("echo from %s", name)
                        .contains("hive:" + name.toUpperCase(Locale.ROOT));
            }
            fixture.rack.disconnect(CHANNEL);
            uart.send("still there?\n");
            assertThat(uart.drain(SILENCE)).isEmpty();
        }
    }

    @Test
    void overlongLinesAreRefusedAndTheNextLineIsAnsweredAgain() throws Exception {
        fixture.rack.connect(CHANNEL, slotOf("mps2-an505"));
        try (var uart = UartClient.open(uartEndpoint(CHANNEL))) {
            uart.send("x".repeat(100) + "\nabc\n");
            assertThat(uart.readLine(REPLY_TIMEOUT)).contains("hive:error=too-long");
            assertThat(uart.readLine(REPLY_TIMEOUT)).contains("hive:ABC");
        }
    }

    /**
     * The burst command on four UARTs (PL011, CMSDK, STM32 USART, nRF51): every byte, in order, and the sum. Not on
     * sifive_e: QEMU 7.2's SiFive UART stopped sending after 258 and 23,606 bytes of 64 KiB (docs/testprogram.md).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("burstTargets")
    void aBurstArrivesWholeAndInOrder(String name) throws Exception {
        fixture.rack.connect(CHANNEL, slotOf(name));
        try (var uart = UartClient.open(uartEndpoint(CHANNEL))) {
            var burst = new UartBurst(64 * 1024);
            uart.send(burst.command());
            assertThat(uart.readLine(REPLY_TIMEOUT))
                    .as("the header from %s", name)
                    .contains(burst.header());
            String text = uart.read(64 * 1024, REPLY_TIMEOUT);
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            burst.accept(bytes, 0, bytes.length);
            assertThat(burst.received())
                    .as(
                            "bytes from %s (%s; the last: %s)",
                            name,
                            burst.problem(),
                            text.substring(Math.max(0, text.length() - 20)).replaceAll("[^ -~]", "."))
                    .isEqualTo(64 * 1024);
            assertThat(burst.problem()).as("the pattern from %s", name).isEmpty();
            assertThat(uart.readLine(REPLY_TIMEOUT)).as("the sum from %s", name).contains(burst.expectedSumLine());
            uart.send("burst 0\nburst x1\nuid?\n");
            assertThat(uart.readLine(REPLY_TIMEOUT)).contains("hive:error=burst-size");
            assertThat(uart.readLine(REPLY_TIMEOUT)).contains("hive:error=burst-size");
            assertThat(uart.readLine(REPLY_TIMEOUT))
                    .as("the line protocol goes on after a burst")
                    .contains("hive:uid=%016x".formatted(fixture.build.uid()));
        }
    }

    static Stream<Arguments> burstTargets() {
        return Stream.of("lm3s6965evb", "mps2-an505", "stm32vldiscovery", "microbit")
                .map(Arguments::of);
    }

    private static long counter(UartClient uart) throws IOException {
        uart.send("counter?\n");
        String reply = uart.readLine(REPLY_TIMEOUT).orElseThrow(() -> new AssertionError("no answer to counter?"));
        assertThat(reply).matches("hive:counter=[0-9a-f]{8}");
        return Long.parseLong(reply.substring("hive:counter=".length()), 16);
    }

    private static SlotAddress slotOf(String name) {
        return fixture.rack.rack().knownSlots().stream()
                .filter(s -> s.target().name().equals(name))
                .map(TargetSlot::address)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the fixture's rack has no " + name));
    }

    private static Path uartEndpoint(int channel) {
        String endpoint = fixture.rack.rack().channels().get(channel).uartEndpoint();
        assertThat(endpoint).startsWith("unix:");
        return Path.of(endpoint.substring("unix:".length()));
    }

    /** A client of a channel's UART endpoint: lines out, lines in, with timeouts. */
    private static final class UartClient implements AutoCloseable {

        private final SocketChannel channel;
        private final Selector selector;
        private final StringBuilder pending = new StringBuilder();
        private boolean eof;

        private UartClient(SocketChannel channel, Selector selector) {
            this.channel = channel;
            this.selector = selector;
        }

        static UartClient open(Path socket) throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new UartClient(channel, selector);
        }

        void send(String text) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        /** The next line without its newline, or empty if none arrived within {@code timeout}. */
        Optional<String> readLine(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (pending.indexOf("\n") < 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || eof) {
                    return Optional.empty();
                }
                poll(left);
            }
            int end = pending.indexOf("\n");
            String line = pending.substring(0, end);
            pending.delete(0, end + 1);
            return Optional.of(line);
        }

        /** The next {@code count} bytes as ISO-8859-1 characters, or fewer if they did not come in {@code timeout}. */
        String read(int count, Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (pending.length() < count) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || eof) {
                    break;
                }
                poll(left);
            }
            int n = Math.min(count, pending.length());
            String bytes = pending.substring(0, n);
            pending.delete(0, n);
            return bytes;
        }

        /** Everything that arrives within {@code window} (and whatever was left over before). */
        String drain(Duration window) throws IOException {
            long deadline = System.nanoTime() + window.toNanos();
            long left;
            while ((left = (deadline - System.nanoTime()) / 1_000_000) > 0 && !eof) {
                poll(left);
            }
            String all = pending.toString();
            pending.setLength(0);
            return all;
        }

        boolean closedByPeer() {
            return eof;
        }

        /** Waits up to {@code millis} for bytes; false if none came. */
        private boolean poll(long millis) throws IOException {
            selector.selectedKeys().clear();
            if (selector.select(millis) == 0) {
                return false;
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            int n = channel.read(in);
            if (n < 0) {
                eof = true;
                return false;
            }
            pending.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
            return n > 0;
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }
}
