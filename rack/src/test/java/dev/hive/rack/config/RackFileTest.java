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
