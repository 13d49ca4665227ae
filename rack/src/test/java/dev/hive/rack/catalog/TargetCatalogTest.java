package dev.hive.rack.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.protocol.rack.Architecture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetCatalogTest {

    private final TargetCatalog catalog = TargetCatalog.builtin();

    @Test
    void holdsTheQemuBoardsForEveryCoreFamily() {
        assertThat(catalog.emulated())
                .extracting(CatalogTarget::name)
                .contains(
                        "stm32vldiscovery",
                        "netduinoplus2",
                        "lm3s6965evb",
                        "microbit",
                        "mps2-an500",
                        "mps2-an505",
                        "sifive_e");
        assertThat(catalog.emulated())
                .extracting(t -> t.info().core())
                .contains("cortex-m0", "cortex-m3", "cortex-m4", "cortex-m7", "cortex-m33", "rv32imac");
    }

    @Test
    void holdsAtLeastTwelveCommonPhysicalChips() {
        var physical = catalog.all().stream().filter(t -> t.emulation() == null).toList();
        assertThat(physical).hasSizeGreaterThanOrEqualTo(12);
        assertThat(physical)
                .extracting(CatalogTarget::name)
                .contains(
                        "STM32F103C8",
                        "STM32F401RE",
                        "STM32G031K8",
                        "nRF52840",
                        "nRF52832",
                        "nRF51822",
                        "RP2040",
                        "ATSAMD21G18A",
                        "LPC1114",
                        "LPC55S69",
                        "ESP32-C3",
                        "FE310-G002");
    }

    @Test
    void everyEntryHasDisjointFlashAndRam() {
        for (CatalogTarget target : catalog.all()) {
            var flash = target.info().flash();
            var ram = target.info().ram();
            assertThat(flash.end() <= ram.origin() || ram.end() <= flash.origin())
                    .as("flash and RAM of %s overlap", target.name())
                    .isTrue();
            assertThat(target.info().architecture() == Architecture.ARM)
                    .isEqualTo(target.info().core().startsWith("cortex-m"));
        }
    }

    @Test
    void namesMatchCaseInsensitively() {
        assertThat(catalog.get("STM32F401re").name()).isEqualTo("STM32F401RE");
        assertThat(catalog.get("Microbit").info().core()).isEqualTo("cortex-m0");
    }

    @Test
    void unknownNameSuggestsCloseOnes() {
        assertThatThrownBy(() -> catalog.get("stm32vldiscovry"))
                .isInstanceOf(UnknownTargetException.class)
                .hasMessageContaining("unknown target 'stm32vldiscovry'")
                .hasMessageContaining("did you mean 'stm32vldiscovery'");
        assertThatThrownBy(() -> catalog.get("zz-no-such-board-zz")).hasMessageNotContaining("did you mean");
    }

    @Test
    void rejectsAnEntryWithABadAddress() {
        String yaml =
                """
                - name: broken
                  chip: X
                  architecture: ARM
                  core: cortex-m3
                  flash: {origin: "0xZZ", length: 64K}
                  ram: {origin: "0x20000000", length: 8K}
                """;
        assertThatThrownBy(() -> TargetCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("'0xZZ' is not an address");
    }

    @Test
    void parsesSizes() {
        assertThat(TargetCatalog.parseSize("0x0800_0000")).isEqualTo(0x0800_0000L);
        assertThat(TargetCatalog.parseSize("64K")).isEqualTo(65536);
        assertThat(TargetCatalog.parseSize("4M")).isEqualTo(4 * 1024 * 1024);
        assertThat(TargetCatalog.parseSize("100")).isEqualTo(100);
    }
}
