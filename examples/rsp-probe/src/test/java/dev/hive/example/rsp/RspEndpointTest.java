package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RspEndpointTest {

    @Test
    void unixSocket() {
        RspEndpoint e = RspEndpoint.parse("unix:/tmp/hive/board-1.gdb");
        assertThat(e.kind()).isEqualTo(RspEndpoint.Kind.UNIX);
        assertThat(e.address()).isEqualTo("/tmp/hive/board-1.gdb");
        assertThat(e).hasToString("unix:/tmp/hive/board-1.gdb");
        assertThat(RspEndpoint.unix(Path.of("/x.gdb"))).isEqualTo(RspEndpoint.parse("unix:/x.gdb"));
    }

    @Test
    void tcpHostAndPort() {
        RspEndpoint e = RspEndpoint.parse(" tcp:127.0.0.1:4009 ");
        assertThat(e.kind()).isEqualTo(RspEndpoint.Kind.TCP);
        assertThat(e.address()).isEqualTo("127.0.0.1");
        assertThat(e.port()).isEqualTo(4009);
        assertThat(RspEndpoint.parse("tcp:localhost:1234").address()).isEqualTo("localhost");
    }

    @Test
    void tcpIpv6InBrackets() {
        RspEndpoint e = RspEndpoint.parse("tcp:[::1]:3333");
        assertThat(e.address()).isEqualTo("::1");
        assertThat(e.port()).isEqualTo(3333);
        assertThat(e).hasToString("tcp:[::1]:3333");
    }

    @Test
    void serialWithAndWithoutBaud() {
        RspEndpoint plain = RspEndpoint.parse("serial:/dev/ttyACM0");
        assertThat(plain.kind()).isEqualTo(RspEndpoint.Kind.SERIAL);
        assertThat(plain.address()).isEqualTo("/dev/ttyACM0");
        assertThat(plain.baudRate()).isEqualTo(RspEndpoint.DEFAULT_BAUD_RATE);
        assertThat(plain).hasToString("serial:/dev/ttyACM0");
        RspEndpoint fast = RspEndpoint.parse("serial:/dev/ttyUSB1@921600");
        assertThat(fast.baudRate()).isEqualTo(921600);
        assertThat(fast).hasToString("serial:/dev/ttyUSB1@921600");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix:/a/b.gdb", "tcp:example.org:1", "tcp:[fe80::1]:65535", "serial:COM3@9600"})
    void toStringRoundTrips(String text) {
        assertThat(RspEndpoint.parse(RspEndpoint.parse(text).toString())).isEqualTo(RspEndpoint.parse(text));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|empty endpoint",
                "/tmp/x.gdb|no scheme",
                "http://x|unknown endpoint scheme 'http'",
                "unix:|no socket path",
                "tcp:localhost|no port",
                "tcp::1234|no host",
                "tcp:host:0|out of range",
                "tcp:host:70000|out of range",
                "tcp:host:port|'port' is not a number",
                "tcp:::1:1234|brackets",
                "tcp:[::1]1234|expected tcp:[ipv6]:port",
                "serial:|no serial device",
                "serial:@9600|no serial device",
                "serial:/dev/ttyACM0@fast|'fast' is not a number",
                "serial:/dev/ttyACM0@0|must be positive",
            })
    void malformedEndpointsGiveClearErrors(String text, String message) {
        assertThatThrownBy(() -> RspEndpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullIsMalformedToo() {
        assertThatThrownBy(() -> RspEndpoint.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unix:/path, tcp:host:port or serial:");
    }
}
