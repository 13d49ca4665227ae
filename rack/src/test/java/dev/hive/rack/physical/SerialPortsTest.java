package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialPortsTest {

    @Test
    void theHostsPortsAreListedByPathsThatExist() {
        List<SerialPortInfo> ports = new SerialPorts().list();

        assertThat(ports).allSatisfy(port -> assertThat(Path.of(port.path())).exists());
    }

    @Test
    void aPortIsFoundThroughAStableSymbolicLink(@TempDir Path dir) throws Exception {
        Path device = Files.createFile(dir.resolve("ttyUSB3"));
        Path byId = Files.createSymbolicLink(dir.resolve("usb-FTDI_FT232R_A10K5X2S-if00-port0"), device);
        var port = new SerialPortInfo(device.toRealPath().toString(), "FT232R", 0x0403, 0x6001, "A10K5X2S", "1-3");
        var ports = new SerialPorts(() -> List.of(port));

        assertThat(ports.find(byId.toString())).contains(port);
        assertThat(ports.find(dir.resolve("ttyUSB9").toString())).isEmpty();
    }
}
