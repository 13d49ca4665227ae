package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GDB port on a serial device, opened with jSerialComm. No USB probe here: a pseudo-terminal made by {@code
 * socat} stands in for the probe's CDC-ACM device, its other end echoing what it is sent ({@code cat}).
 */
class SerialGdbPortTest {

    @TempDir
    Path dir;

    private Process socat;

    @AfterEach
    void stopSocat() throws InterruptedException {
        if (socat != null) {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingDeviceIsReportedByItsPath() {
        String missing = dir.resolve("usb-Black_Magic_Debug_Black_Magic_Probe_7BB180B4-if00")
                .toString();
        assertThatThrownBy(() -> SerialGdbPort.open(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("the GDB serial device " + missing + " does not exist (is the probe plugged in?)");
    }

    @Test
    void aDeviceIsOpenedThroughItsLinkExclusivelyAndCarriesBytesBothWays() throws Exception {
        Path link = echoingPty();
        try (SerialGdbPort port = SerialGdbPort.open(link.toString())) {
            assertThatThrownBy(() -> SerialGdbPort.open(link.toString()))
                    .as("a second open while the first is open")
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the GDB serial device " + link + " is busy or cannot be opened");

            port.write("$qSupported#37".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(port, "#37")).isEqualTo("$qSupported#37");
        }
        try (SerialGdbPort again = SerialGdbPort.open(link.toString())) {
            again.write("+".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(again, "+"))
                    .as("closed ports can be opened again")
                    .isEqualTo("+");
        }
    }

    @Test
    void aReadReturnsMinusOneOnceThePortIsClosed() throws Exception {
        Path link = echoingPty();
        SerialGdbPort port = SerialGdbPort.open(link.toString());
        assertThat(port.read(new byte[16])).as("nothing sent yet").isZero();
        port.close();
        assertThat(port.read(new byte[16])).isEqualTo(-1);
        assertThat(port.isOpen()).isFalse();
        assertThatThrownBy(() -> port.write(new byte[] {'+'})).isInstanceOf(IOException.class);
    }

    /** A pty whose other end echoes, reached through a link in the test's directory. */
    private Path echoingPty() throws Exception {
        Path link = dir.resolve("ttyBMP");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + link, "system:cat")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!Files.exists(link)) {
            assertThat(socat.isAlive()).as("socat runs").isTrue();
            assertThat(Instant.now()).as("socat made " + link).isBefore(deadline);
            Thread.sleep(20);
        }
        return link;
    }

    private static String readUntil(SerialGdbPort port, String end) {
        StringBuilder got = new StringBuilder();
        byte[] buffer = new byte[64];
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!got.toString().endsWith(end) && Instant.now().isBefore(deadline)) {
            int n = port.read(buffer);
            assertThat(n).as("the port is open").isNotNegative();
            got.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        return got.toString();
    }
}
