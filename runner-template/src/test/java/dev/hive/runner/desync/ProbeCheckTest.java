package dev.hive.runner.desync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.runner.Racks;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCheckTest {

    @TempDir
    Path dir;

    static ProbeDescription probe(String endpoint) {
        return Racks.probe(0, endpoint);
    }

    static ProbeDescription usbProbe(String location, String serial) {
        return new ProbeDescription("ST_LINK_V2_1", "ST-Link/V2-1", 0x0483, 0x374b, serial, "usb:" + location);
    }

    @Test
    void aListeningUnixSocketIsReachableAndAMissingOneIsNot() throws Exception {
        Path socket = dir.resolve("probe.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(new ProbeCheck().check(probe("unix:" + socket))).isEmpty();
        }
        assertThat(new ProbeCheck().check(probe("unix:" + dir.resolve("gone.sock"))))
                .hasValueSatisfying(why -> assertThat(why).startsWith("the socket does not accept a connection"));
    }

    @Test
    void tcpEndpointsMustAcceptAConnection() throws Exception {
        int port;
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(new ProbeCheck().check(probe("tcp:127.0.0.1:" + port))).isEmpty();
        }
        assertThat(new ProbeCheck().check(probe("tcp:127.0.0.1:" + port)))
                .hasValueSatisfying(why -> assertThat(why).startsWith("no connection within 1000 ms"));
    }

    @Test
    void serialDevicesMustExist() throws Exception {
        Path device = Files.createFile(dir.resolve("ttyACM0"));
        assertThat(new ProbeCheck().check(probe("serial:" + device + "@115200")))
                .isEmpty();
        assertThat(new ProbeCheck().check(probe("serial:" + dir.resolve("ttyACM9"))))
                .contains(dir.resolve("ttyACM9") + " does not exist");
    }

    @Test
    void usbProbesMustBeThereWithTheirSerialAndId() throws Exception {
        Path device = Files.createDirectories(dir.resolve("1-1.2"));
        Files.writeString(device.resolve("serial"), "0671FF3833554B3043164817\n");
        Files.writeString(device.resolve("idVendor"), "0483\n");
        Files.writeString(device.resolve("idProduct"), "374b\n");
        var check = new ProbeCheck(dir);
        assertThat(check.check(usbProbe("1-1.2", "0671FF3833554B3043164817"))).isEmpty();
        assertThat(check.check(usbProbe("1-1.2", "OTHER")))
                .contains("the USB device at 1-1.2 has serial \"0671FF3833554B3043164817\", not \"OTHER\"");
        assertThat(check.check(usbProbe("1-1.3", "0671FF3833554B3043164817")))
                .contains("no USB device at 1-1.3 (looked in " + dir + ")");
    }

    @Test
    void problemsNameTheProbeItsChannelAndEndpoint() {
        var rack = new RackDescription(
                "r",
                List.of(),
                List.of(
                        new ChannelDescription(0, probe("unix:" + dir.resolve("none.sock")), null),
                        new ChannelDescription(1, null, null)),
                List.of());
        assertThat(new ProbeCheck().problems(rack))
                .singleElement()
                .asString()
                .startsWith("probe Virtual GDB probe 0 (hive-virtual-0) of channel 0 at unix:"
                        + dir.resolve("none.sock") + " is not reachable: the socket does not accept a connection");
    }

    @Test
    void unknownSchemesAreProblems() {
        assertThat(new ProbeCheck().check(probe("jtag:3"))).contains("unknown endpoint scheme jtag");
        assertThat(new ProbeCheck().check(probe("nothing"))).isPresent();
    }
}
