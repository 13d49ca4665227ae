package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.config.StaticRackConfig.GdbServerConfig;
import dev.hive.rack.config.StaticRackConfig.GdbServerMode;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GDB servers from a template as real processes (shell and Python stand in for probe-rs or OpenOCD). */
class GdbServerProcessTest {

    private static GdbServerProcess start(GdbServerMode mode, Duration timeout, String... command) {
        return GdbServerProcess.start(
                new GdbServerConfig(List.of(command), mode, timeout), Map.of("{chip}", "LM3S6965"), "the test server");
    }

    @Test
    void aTcpServerIsAwaitedUntilItListensAndStoppedWithItsChildren() throws Exception {
        GdbServerProcess server = start(
                GdbServerMode.TCP,
                Duration.ofSeconds(20),
                "sh",
                "-c",
                "sleep 300 & exec python3 -c \"import socket,time; time.sleep(0.3); s=socket.socket();"
                        + " s.bind(('127.0.0.1', {port})); s.listen(); time.sleep(300)\"");
        try {
            assertThat(server.port()).isPositive();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                assertThat(socket.isConnected()).isTrue();
            }
            List<ProcessHandle> tree =
                    ProcessHandle.of(server.pid()).orElseThrow().descendants().toList();
            assertThat(tree).as("the background sleep").isNotEmpty();

            server.stop();

            assertThat(server.isAlive()).isFalse();
            assertThat(tree).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
        } finally {
            server.stop();
        }
    }

    @Test
    void aServerThatExitsFirstIsReportedWithItsOutput() {
        assertThatThrownBy(() -> start(
                        GdbServerMode.TCP,
                        Duration.ofSeconds(20),
                        "sh",
                        "-c",
                        "echo 'Error: no probe found for {chip}' >&2; exit 3; echo {port}"))
                .isInstanceOf(RackException.class)
                .hasMessageContaining("the test server exited with code 3 before it accepted a connection")
                .hasMessageContaining("Error: no probe found for LM3S6965");
    }

    @Test
    void aServerThatNeverListensIsStoppedAfterItsTimeoutWithItsOutput() {
        assertThatThrownBy(() -> start(
                        GdbServerMode.TCP,
                        Duration.ofSeconds(1),
                        "sh",
                        "-c",
                        "echo 'Info: waiting for the target on {port}'; exec sleep 300"))
                .isInstanceOf(RackException.class)
                .hasMessageContaining("did not accept a connection on 127.0.0.1:")
                .hasMessageContaining("within 1 s and was stopped")
                .hasMessageContaining("Info: waiting for the target on");
    }

    @Test
    void aPipeServerSpeaksOnItsStdinAndStdout() throws Exception {
        GdbServerProcess server = start(GdbServerMode.PIPE, Duration.ofSeconds(5), "cat");
        try {
            assertThat(server.port()).isEqualTo(-1);
            server.stdin().write("$?#3f".getBytes(StandardCharsets.US_ASCII));
            server.stdin().flush();
            byte[] echoed = server.stdout().readNBytes(5);
            assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo("$?#3f");
        } finally {
            server.stop();
        }
        assertThat(server.isAlive()).isFalse();
    }
}
