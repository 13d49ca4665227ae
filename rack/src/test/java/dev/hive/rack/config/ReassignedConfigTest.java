package dev.hive.rack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.StaticRackConfig.ProbeSelector;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.SlotAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A configuration with one slot or channel changed, as a reinitialisation with a new assignment starts it. */
class ReassignedConfigTest {

    private final TargetCatalog catalog = TargetCatalog.builtin();
    private final RackFile rackFile = new RackFile(catalog);

    @Test
    void aVirtualSlotTakesAnotherBoardAndTheRestStays() {
        var config = (VirtualRackConfig) rackFile.parse(
                """
                name: v
                backend: virtual
                channels: 2
                icountShift: 3
                stacks:
                  - name: a
                    targets: [lm3s6965evb, empty]
                  - name: b
                    targets: [sifive_e]
                """,
                "test");
        var changed = config.withSlot(new SlotAddress(0, 1), Optional.of(catalog.get("sifive_e")))
                .withSlot(new SlotAddress(1, 0), Optional.empty());
        assertThat(changed.stacks().get(0).slots())
                .containsExactly(Optional.of(catalog.get("lm3s6965evb")), Optional.of(catalog.get("sifive_e")));
        assertThat(changed.stacks().get(1).slots()).containsExactly(Optional.empty());
        assertThat(changed.stacks().get(1).name()).isEqualTo("b");
        assertThat(changed.channels()).isEqualTo(2);
        assertThat(changed.icountShift()).isEqualTo(3);
        assertThat(config.stacks().get(0).slots().get(1))
                .as("the original is unchanged")
                .isEmpty();
        assertThatThrownBy(() -> config.withSlot(new SlotAddress(0, 2), Optional.empty()))
                .hasMessage("rack v has no slot 0/2");
        assertThatThrownBy(() -> config.withSlot(new SlotAddress(0, 0), Optional.of(catalog.get("nRF52840"))))
                .hasMessageContaining("nRF52840 is a physical chip");
    }

    @Test
    void aStaticChannelTakesAnotherTargetOrProbe() {
        var config = (StaticRackConfig) rackFile.parse(
                """
                name: s
                backend: static
                channels:
                  - probe: {kind: st-link-v2-1, serial: "066DFF"}
                    target: STM32F401RE
                    uart: /dev/ttyACM0
                  - probe: {serial: "000260112345"}
                    target: nRF52840
                flasher:
                  command: [flash, "{elf}"]
                """,
                "test");
        var swapped = config.withTarget(0, catalog.get("STM32L476RG"));
        assertThat(swapped.channels().get(0).target().name()).isEqualTo("STM32L476RG");
        assertThat(swapped.channels().get(0).uart()).isEqualTo("/dev/ttyACM0");
        assertThat(swapped.channels().get(1)).isEqualTo(config.channels().get(1));

        var probe = new ProbeSelector(ProbeKind.J_LINK, 0x1366, 0x0101, "000260999999");
        assertThat(config.withProbe(1, probe).channels().get(1).probe()).isEqualTo(probe);
        assertThatThrownBy(() -> config.withProbe(1, new ProbeSelector(null, null, null, "066DFF")))
                .hasMessage("channel 0 already has the probe with serial 066DFF");
        assertThatThrownBy(() -> config.withTarget(2, catalog.get("STM32L476RG")))
                .hasMessage("rack s has no channel 2");
        assertThatThrownBy(() -> new ProbeSelector(null, null, null, " "))
                .hasMessageContaining("identified by its serial number");
    }
}
