package dev.hive.rack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.model.ProbeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RackFileTest {

    private final RackFile rackFile = new RackFile(TargetCatalog.builtin());

    /** A static rack of one channel; {@code %s} is more of the channel's fields. */
    private static final String ONE_CHANNEL =
            """
            name: lab
            backend: static
            channels:
              - probe: {serial: "1"}
                target: nRF52840
                %s
            flasher: {command: [true, "{elf}"]}
            """;

    @Test
    void readsAVirtualRack() {
        var config = (VirtualRackConfig) rackFile.parse(
                """
                name: bench
                backend: virtual
                channels: 2
                icountShift: 4
                stacks:
                  - name: a
                    targets: [stm32vldiscovery, empty, sifive_e]
                """,
                "test");
        assertThat(config.channels()).isEqualTo(2);
        assertThat(config.icountShift()).isEqualTo(4);
        assertThat(config.stacks().get(0).slots()).hasSize(3);
        assertThat(config.stacks().get(0).slots().get(1)).isEmpty();
        assertThat(config.stacks().get(0).slots().get(2).orElseThrow().name()).isEqualTo("sifive_e");
    }

    @Test
    void readsAStaticRack() {
        var config = (StaticRackConfig) rackFile.parse(
                """
                name: lab
                backend: static
                channels:
                  - probe: {kind: st-link-v2-1, serial: "066DFF485550755187121723"}
                    target: STM32F401RE
                    uart: /dev/ttyACM0
                  - probe: {vendorId: "1366", productId: "0101", serial: "000260112345"}
                    target: nRF52840
                flasher:
                  command: [probe-rs, download, --chip, "{chip}", --probe, "{vid}:{pid}:{probeSerial}", "{elf}"]
                  timeoutSeconds: 30
                """,
                "test");
        assertThat(config.channels()).hasSize(2);
        assertThat(config.channels().get(0).probe().kind()).isEqualTo(ProbeKind.ST_LINK_V2_1);
        assertThat(config.channels().get(1).probe().vendorId()).isEqualTo(0x1366);
        assertThat(config.flasher().timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> rackFile.parse("name: x\nbackend: virtual\nchannels: [1\n", "broken.yaml"))
                .isInstanceOf(RackFileException.class)
                .hasMessageStartingWith("rack file broken.yaml: line ");
    }

    @Test
    void unknownTargetNamesItsPlaceAndSuggests() {
        assertThatThrownBy(() -> rackFile.parse(
                        """
                        name: x
                        backend: virtual
                        channels: 1
                        stacks:
                          - name: a
                            targets: [stm32vldiscovery, netduinoplus3]
                        """,
                        "r.yaml"))
                .hasMessageContaining("stacks[0].targets[1]: unknown target 'netduinoplus3'")
                .hasMessageContaining("netduinoplus2");
    }

    @Test
    void physicalChipInAVirtualRackIsRefused() {
        assertThatThrownBy(() -> rackFile.parse(
                        """
                        name: x
                        backend: virtual
                        channels: 1
                        stacks: [{name: a, targets: [STM32F401RE]}]
                        """,
                        "r.yaml"))
                .hasMessageContaining("'STM32F401RE' is a physical chip");
    }

    @Test
    void unknownFieldsAndBackendsAreNamed() {
        assertThatThrownBy(() -> rackFile.parse("name: x\nbackend: virtual\nchanels: 2\n", "r.yaml"))
                .hasMessageContaining("chanels");
        assertThatThrownBy(() -> rackFile.parse("name: x\nbackend: quantum\n", "r.yaml"))
                .hasMessageContaining("'quantum' is not a backend");
        assertThatThrownBy(() -> rackFile.parse(
                        "name: x\nbackend: virtual\nchannels: 0\nstacks: [{name: a, targets: [microbit]}]\n", "r"))
                .hasMessageContaining("channels: must be between 1 and 16");
        assertThatThrownBy(() -> rackFile.parse("backend: virtual\n", "r.yaml")).hasMessageContaining("name");
    }

    @Test
    void backendNoneIsARackWithoutHardware() {
        RackConfig none = rackFile.parse("name: front\nbackend: none\n", "r.yaml");
        assertThat(none).isInstanceOf(StaticRackConfig.class);
        assertThat(((StaticRackConfig) none).channels()).isEmpty();
        assertThatThrownBy(() -> rackFile.parse("name: front\nbackend: none\nchannels: 2\n", "r.yaml"))
                .hasMessageContaining("no channels, stacks or flasher");
    }

    @Test
    void staticRackNeedsSerialsAndAFlasherWithElf() {
        assertThatThrownBy(() -> rackFile.parse(
                        """
                        name: lab
                        backend: static
                        channels: [{probe: {kind: j-link}, target: nRF52840}]
                        flasher: {command: [true, "{elf}"]}
                        """,
                        "r"))
                .hasMessageContaining("serial");
        assertThatThrownBy(() -> rackFile.parse(
                        """
                        name: lab
                        backend: static
                        channels: [{probe: {serial: "1"}, target: nRF52840}]
                        flasher: {command: [true]}
                        """,
                        "r"))
                .hasMessageContaining("no argument contains {elf}");
    }

    @Test
    void readsGdbServerTemplates() {
        var config = (StaticRackConfig) rackFile.parse(
                """
                name: lab
                backend: static
                channels:
                  - probe: {kind: st-link-v2-1, serial: "066DFF"}
                    target: STM32F401RE
                    gdbServer:
                      command: [probe-rs, gdb, --chip, "{chip}", --probe, "{vid}:{pid}:{probeSerial}",
                                --gdb-connection-string, "127.0.0.1:{port}"]
                  - probe: {kind: network, serial: "jlink-lab-3"}
                    target: nRF52840
                    gdbServer:
                      mode: pipe
                      command: [openocd, -f, board.cfg, -c, "gdb_port pipe; log_output {/tmp/ocd {target}.log}"]
                      startTimeoutSeconds: 5
                flasher: {command: [true, "{elf}"]}
                """,
                "r");
        var tcp = config.channels().get(0).gdbServer();
        assertThat(tcp.mode()).isEqualTo(StaticRackConfig.GdbServerMode.TCP);
        assertThat(tcp.startTimeout()).hasSeconds(20);
        assertThat(tcp.command()).contains("127.0.0.1:{port}");
        var pipe = config.channels().get(1).gdbServer();
        assertThat(pipe.mode()).isEqualTo(StaticRackConfig.GdbServerMode.PIPE);
        assertThat(pipe.startTimeout()).hasSeconds(5);
        assertThat(config.channels().get(1).probe().kind()).isEqualTo(dev.hive.rack.model.ProbeKind.NETWORK);
    }

    @Test
    void badGdbServerTemplatesAreNamedWithFileAndKey() {
        String rack =
                """
                name: lab
                backend: static
                channels:
                  - probe: {serial: "1"}
                    target: nRF52840
                    gdbServer: %s
                flasher: {command: [true, "{elf}"]}
                """;
        assertThatThrownBy(() -> rackFile.parse(
                        rack.formatted("{command: [srv, \"127.0.0.1:{prot}\", \"{port}\"]}"), "lab.yaml"))
                .hasMessageStartingWith(
                        "rack file lab.yaml: channels[0].gdbServer.command: {prot} is not a placeholder");
        assertThatThrownBy(() -> rackFile.parse(rack.formatted("{command: [srv, --stdio]}"), "lab.yaml"))
                .hasMessageContaining("channels[0].gdbServer.command: a tcp GDB server must listen on {port}");
        assertThatThrownBy(() -> rackFile.parse(rack.formatted("{mode: pipe, command: [srv, \"{port}\"]}"), "lab.yaml"))
                .hasMessageContaining("{port} is not a placeholder here")
                .hasMessageContaining("a pipe server has no port");
        assertThatThrownBy(() -> rackFile.parse(rack.formatted("{mode: serial, command: [srv]}"), "lab.yaml"))
                .hasMessageContaining("channels[0].gdbServer.mode: 'serial' is not a mode");
        assertThatThrownBy(() -> rackFile.parse(
                        """
                        name: lab
                        backend: static
                        channels: [{probe: {kind: network, serial: "1"}, target: nRF52840}]
                        flasher: {command: [true, "{elf}"]}
                        """,
                        "lab.yaml"))
                .hasMessageContaining("channels[0].gdbServer: a probe of kind network is reached only through");
    }

    @Test
    void aGdbSerialDeviceIsTheChannelsGdbPortAndBadOnesAreNamed() {
        var config = (StaticRackConfig) rackFile.parse(
                """
                name: lab
                backend: static
                channels:
                  - probe: {kind: black-magic-probe, serial: "7BB180B4"}
                    target: STM32F401RE
                    gdbSerial: /dev/serial/by-id/usb-Black_Magic_Debug_Black_Magic_Probe_7BB180B4-if00
                  - probe: {kind: network, serial: "bmp-on-a-pty"}
                    target: nRF52840
                    gdbSerial: /run/hive/ttyBMP
                flasher: {command: [true, "{elf}"]}
                """,
                "r");
        assertThat(config.channels().get(0).gdbSerial())
                .isEqualTo("/dev/serial/by-id/usb-Black_Magic_Debug_Black_Magic_Probe_7BB180B4-if00");
        assertThat(config.channels().get(0).gdbServer()).isNull();
        assertThat(config.channels().get(1).gdbSerial())
                .as("a network probe reached by serial")
                .isEqualTo("/run/hive/ttyBMP");

        String rack = ONE_CHANNEL;
        assertThatThrownBy(() -> rackFile.parse(rack.formatted("gdbSerial: ttyACM0"), "lab.yaml"))
                .hasMessageStartingWith("rack file lab.yaml: channels[0].gdbSerial: 'ttyACM0' is not a device path");
        assertThatThrownBy(() -> rackFile.parse(
                        rack.formatted("gdbSerial: /dev/ttyACM0\n    gdbServer: {mode: pipe, command: [srv]}"),
                        "lab.yaml"))
                .hasMessageStartingWith("rack file lab.yaml: channels[0].gdbSerial: the probe's GDB port is either");
    }

    @Test
    void aUartsRateIsOptionalAndABadOneIsNamed() {
        String rack = ONE_CHANNEL;
        var plain = (StaticRackConfig) rackFile.parse(rack.formatted("uart: /dev/ttyUSB0"), "r");
        assertThat(plain.channels().get(0).uartBaud()).as("the default").isEqualTo(115200);
        var slow = (StaticRackConfig) rackFile.parse(rack.formatted("uart: /dev/ttyUSB0\n    uartBaud: 9600"), "r");
        assertThat(slow.channels().get(0).uartBaud()).isEqualTo(9600);
        assertThat(slow.withTarget(0, slow.channels().get(0).target())
                        .channels()
                        .get(0)
                        .uartBaud())
                .as("kept when the board is swapped")
                .isEqualTo(9600);

        assertThatThrownBy(() -> rackFile.parse(rack.formatted("uart: /dev/ttyUSB0\n    uartBaud: 0"), "lab.yaml"))
                .hasMessage("rack file lab.yaml: channels[0].uartBaud: 0 is not a rate in baud; use 50 to 4000000"
                        + " (default 115200)");
        assertThatThrownBy(() -> rackFile.parse(rack.formatted("uartBaud: 9600"), "lab.yaml"))
                .hasMessage("rack file lab.yaml: channels[0].uartBaud: a rate without a uart; give the UART's device"
                        + " path as uart");
        assertThatThrownBy(() -> rackFile.parse(rack.formatted("uart: /dev/ttyUSB0\n    uartBaud: fast"), "lab.yaml"))
                .hasMessageStartingWith("rack file lab.yaml: channels[0].uartBaud: ");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> rackFile.read(dir.resolve("nope.yaml")))
                .hasMessage("rack file " + dir.resolve("nope.yaml") + " does not exist");
    }

    @Test
    void readsTheShippedExampleRackFiles() throws Exception {
        for (String name : new String[] {"virtual-rack.yaml"}) {
            Path file = Path.of("../docs/examples", name);
            assertThat(Files.exists(file)).as(file.toString()).isTrue();
            assertThat(rackFile.read(file).name()).isNotBlank();
        }
    }
}
