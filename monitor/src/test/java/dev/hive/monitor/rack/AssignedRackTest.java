package dev.hive.monitor.rack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Stack;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AssignedRackTest {

    private static final TargetCatalog CATALOG = TargetCatalog.builtin();

    private static final VirtualRackConfig VIRTUAL = (VirtualRackConfig) new RackFile(CATALOG)
            .parse(
                    """
                    name: v
                    backend: virtual
                    channels: 1
                    stacks:
                      - name: a
                        targets: [lm3s6965evb, sifive_e]
                    """,
                    "test");

    private static final StaticRackConfig STATIC = (StaticRackConfig) new RackFile(CATALOG)
            .parse(
                    """
                    name: s
                    backend: static
                    channels:
                      - probe: {kind: st-link-v2-1, serial: "066DFF"}
                        target: STM32F401RE
                      - probe: {kind: j-link, serial: "000260112345"}
                        target: nRF52840
                    flasher:
                      command: [flash, "{elf}"]
                    """,
                    "test");

    /** What a virtual backend started from {@link #VIRTUAL} reports. */
    private static Rack virtualLive() {
        var probe = new ProbeInfo(ProbeKind.VIRTUAL_GDB, "Virtual GDB probe 0", 0, 0, "hive-virtual-0", "unix:/x");
        var slots = List.of(
                TargetSlot.known(
                        new SlotAddress(0, 0), CATALOG.get("lm3s6965evb").info()),
                TargetSlot.known(new SlotAddress(0, 1), CATALOG.get("sifive_e").info()));
        return new Rack("v", List.of(new Testchannel(0, probe, null)), List.of(new Stack(0, "a", slots)));
    }

    private static RackAssignment detected(Rack live) {
        return RackAssignment.detectedIn(live);
    }

    private static RackAssignment with(RackAssignment base, TargetAssignment changed) {
        var targets = new ArrayList<>(base.targets());
        targets.replaceAll(t -> t.address().equals(changed.address()) ? changed : t);
        return new RackAssignment(base.probes(), targets);
    }

    @Test
    void theAssignmentOfTheRunningRackChangesNothing() {
        Rack live = virtualLive();
        assertThat(AssignedRack.apply(VIRTUAL, live, detected(live), CATALOG)).isEqualTo(VIRTUAL);
    }

    @Test
    void aVirtualSlotTakesAnotherBoardOrBecomesEmpty() {
        Rack live = virtualLive();
        RackAssignment stored = with(
                with(detected(live), TargetAssignment.known(0, 0, "sifive_e")), TargetAssignment.notConnected(0, 1));
        var applied = (VirtualRackConfig) AssignedRack.apply(VIRTUAL, live, stored, CATALOG);
        assertThat(applied.stacks().get(0).slots())
                .containsExactly(Optional.of(CATALOG.get("sifive_e")), Optional.empty());
        assertThat(applied.channels()).isEqualTo(VIRTUAL.channels());
        assertThat(applied.name()).isEqualTo(VIRTUAL.name());
    }

    @Test
    void aPhysicalChipInAVirtualSlotIsRefusedWithTheReason() {
        Rack live = virtualLive();
        RackAssignment stored = with(detected(live), TargetAssignment.known(0, 1, "nRF52840"));
        assertThatThrownBy(() -> AssignedRack.apply(VIRTUAL, live, stored, CATALOG))
                .isInstanceOf(AssignedRack.NotApplicable.class)
                .hasMessage("stack 0 slot 1: nRF52840 is a physical chip; a slot of a virtual rack needs an"
                        + " emulated board");
    }

    @Test
    void aVirtualChannelKeepsItsOwnProbe() {
        Rack live = virtualLive();
        RackAssignment base = detected(live);
        RackAssignment stored = new RackAssignment(
                List.of(new ProbeAssignment(0, ProbeKind.J_LINK, "J-Link", "000260112345", 0x1366, 0x0101)),
                base.targets());
        assertThatThrownBy(() -> AssignedRack.apply(VIRTUAL, live, stored, CATALOG))
                .isInstanceOf(AssignedRack.NotApplicable.class)
                .hasMessageContaining("channel 0: a virtual rack has its own probe in every channel")
                .hasMessageContaining("assign it back");
    }

    @Test
    void aStaticChannelTakesTheSwappedBoardAndAnotherProbe() {
        RackAssignment stored = new RackAssignment(
                List.of(new ProbeAssignment(1, ProbeKind.J_LINK, "J-Link", "000260999999", 0x1366, 0x0101)),
                List.of(TargetAssignment.known(0, 0, "STM32F401RE"), TargetAssignment.known(1, 0, "nRF52832")));
        var applied = (StaticRackConfig) AssignedRack.apply(STATIC, null, stored, CATALOG);
        assertThat(applied.channels().get(0)).isEqualTo(STATIC.channels().get(0));
        assertThat(applied.channels().get(1).target().name()).isEqualTo("nRF52832");
        assertThat(applied.channels().get(1).probe())
                .isEqualTo(new StaticRackConfig.ProbeSelector(ProbeKind.J_LINK, 0x1366, 0x0101, "000260999999"));
        assertThat(applied.flasher()).isEqualTo(STATIC.flasher());
    }

    @Test
    void aStaticAssignmentThatIsWiredAlreadyChangesNothing() {
        // healing stores the detected probe: same serial, more detail than the rack file gives
        RackAssignment stored = new RackAssignment(
                List.of(new ProbeAssignment(0, ProbeKind.ST_LINK_V2_1, "STLINK-V3", "066DFF", 0x0483, 0x374b)),
                List.of(TargetAssignment.known(0, 0, "STM32F401RE"), TargetAssignment.known(1, 0, "nRF52840")));
        assertThat(AssignedRack.apply(STATIC, null, stored, CATALOG)).isEqualTo(STATIC);
    }

    @Test
    void aStaticChannelCannotBecomeEmptyNorTakeAProbeWithoutSerialOrTwice() {
        RackAssignment stored = new RackAssignment(
                List.of(
                        new ProbeAssignment(0, ProbeKind.CMSIS_DAP_V1, "DAPLink", "", 0, 0),
                        new ProbeAssignment(1, ProbeKind.ST_LINK_V2_1, "STLINK", "066DFF", 0, 0)),
                List.of(TargetAssignment.notConnected(0, 0), TargetAssignment.known(1, 0, "nRF52840")));
        assertThatThrownBy(() -> AssignedRack.apply(STATIC, null, stored, CATALOG))
                .isInstanceOf(AssignedRack.NotApplicable.class)
                .hasMessageContaining("stack 0 slot 0: a static rack wires each channel to one target, so the slot"
                        + " cannot be empty; to take the channel out, remove it from the rack file")
                .hasMessageContaining("channel 0: probe 'DAPLink' (no serial) has no serial number")
                .hasMessageContaining("channel 1: channel 0 already has the probe with serial 066DFF");
    }
}
