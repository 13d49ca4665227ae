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
 * A GDB port or a UART on a serial device, opened with jSerialComm. No USB probe or adapter here: a pseudo-terminal
 * made by {@code socat} stands in for the device, its other end echoing what it is sent ({@code cat}).
 */
class SerialDeviceTest {

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
        assertThatThrownBy(() -> SerialDevice.openGdbPort(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("the GDB serial device " + missing + " does not exist (is the probe plugged in?)");
    }

    @Test
    void aMissingOrBusyUartIsNamedAsAUart() throws Exception {
        String missing = dir.resolve("ttyUSB-gone").toString();
        assertThatThrownBy(() -> SerialDevice.openUart(missing, 9600))
                .isInstanceOf(IOException.class)
                .hasMessage("the UART device " + missing + " does not exist (is the serial adapter plugged in?)");
        Path link = echoingPty();
        try (SerialDevice uart = SerialDevice.openUart(link.toString(), 9600)) {
            assertThat(uart.name()).isEqualTo("the UART device " + link);
            assertThatThrownBy(() -> SerialDevice.openUart(link.toString(), 9600))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the UART device " + link + " is busy or cannot be opened");
            uart.write("uid?\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(uart, "\n")).isEqualTo("uid?\n");
        }
    }

    @Test
    void aDeviceIsOpenedThroughItsLinkExclusivelyAndCarriesBytesBothWays() throws Exception {
        Path link = echoingPty();
        try (SerialDevice port = SerialDevice.openGdbPort(link.toString())) {
            assertThatThrownBy(() -> SerialDevice.openGdbPort(link.toString()))
                    .as("a second open while the first is open")
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the GDB serial device " + link + " is busy or cannot be opened");

            port.write("$qSupported#37".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(port, "#37")).isEqualTo("$qSupported#37");
        }
        try (SerialDevice again = SerialDevice.openGdbPort(link.toString())) {
            again.write("+".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(again, "+"))
                    .as("closed ports can be opened again")
                    .isEqualTo("+");
        }
    }

    @Test
    void aReadReturnsMinusOneOnceThePortIsClosed() throws Exception {
        Path link = echoingPty();
        SerialDevice port = SerialDevice.openGdbPort(link.toString());
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

    private static String readUntil(SerialDevice port, String end) {
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
