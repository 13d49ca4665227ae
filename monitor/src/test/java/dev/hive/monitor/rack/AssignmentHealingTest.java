package dev.hive.monitor.rack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Stack;
import dev.hive.rack.model.TargetInfo;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentHealingTest {
    static final ProbeAssignment STLINK =
            new ProbeAssignment(1, ProbeKind.ST_LINK_V2, "ST-Link V2", "123", 0x0483, 0x3748);
    static final ProbeAssignment VIRTUAL_1 =
            new ProbeAssignment(1, ProbeKind.VIRTUAL_GDB, "Virtual GDB probe 1", "hive-virtual-1", 0, 0);
    static final ProbeAssignment VIRTUAL_2 =
            new ProbeAssignment(2, ProbeKind.VIRTUAL_GDB, "Virtual GDB probe 2", "hive-virtual-2", 0, 0);

    private static RackAssignment rack(List<ProbeAssignment> probes, TargetAssignment... targets) {
        return new RackAssignment(probes, List.of(targets));
    }

    @Test
    void noDifferenceNoChangeAndFlashOutcomesAreKept() {
        RackAssignment stored = rack(
                List.of(VIRTUAL_1),
                TargetAssignment.known(0, 0, "qemu-cortex-m4").withFlash(FlashStatus.Outcome.OK, "flashed"),
                TargetAssignment.unknown(0, 1),
                TargetAssignment.notConnected(0, 2));
        RackAssignment detected = rack(
                List.of(VIRTUAL_1),
                TargetAssignment.known(0, 0, "qemu-cortex-m4"),
                TargetAssignment.unknown(0, 1),
                TargetAssignment.notConnected(0, 2));
        Healing h = AssignmentHealing.heal(stored, detected);
        assertThat(h.changes()).isEmpty();
        assertThat(h.changed()).isFalse();
        assertThat(h.probes()).isEqualTo(stored.probes());
        assertThat(h.targets()).isEqualTo(stored.targets());
    }

    @Test
    void aReplacedProbeIsTakenFromTheHardware() {
        Healing h = AssignmentHealing.heal(rack(List.of(STLINK)), rack(List.of(VIRTUAL_1)));
        assertThat(h.changes())
                .containsExactly("channel 1: probe 'Virtual GDB probe 1' (serial hive-virtual-1) replaces stored "
                        + "'ST-Link V2' (serial 123)");
        assertThat(h.probes()).containsExactly(VIRTUAL_1);
    }

    @Test
    void aProbeWithAnotherSerialCountsAsReplaced() {
        ProbeAssignment other = new ProbeAssignment(1, ProbeKind.ST_LINK_V2, "ST-Link V2", "456", 0x0483, 0x3748);
        Healing h = AssignmentHealing.heal(rack(List.of(STLINK)), rack(List.of(other)));
        assertThat(h.changes())
                .containsExactly(
                        "channel 1: probe 'ST-Link V2' (serial 456) replaces stored 'ST-Link V2' (serial 123)");
    }

    @Test
    void newAndMissingProbes() {
        ProbeAssignment noSerial = new ProbeAssignment(0, ProbeKind.J_LINK, "J-Link", "", 0x1366, 0x0101);
        Healing h = AssignmentHealing.heal(rack(List.of(noSerial, VIRTUAL_1)), rack(List.of(VIRTUAL_1, VIRTUAL_2)));
        assertThat(h.changes())
                .containsExactly(
                        "channel 0: stored probe 'J-Link' (no serial) is gone; channel now empty",
                        "channel 2: probe 'Virtual GDB probe 2' (serial hive-virtual-2) was not stored; added");
        assertThat(h.probes()).containsExactly(VIRTUAL_1, VIRTUAL_2);
    }

    @Test
    void targetsThatAppearChangeOrDisappear() {
        RackAssignment stored = rack(
                List.of(),
                TargetAssignment.known(0, 0, "netduino2").withFlash(FlashStatus.Outcome.OK, "flashed"),
                TargetAssignment.notConnected(0, 1),
                TargetAssignment.known(1, 0, "nrf52840").withFlash(FlashStatus.Outcome.OK, "flashed"),
                TargetAssignment.unknown(1, 1),
                TargetAssignment.known(2, 0, "lm3s811evb"));
        RackAssignment detected = rack(
                List.of(),
                TargetAssignment.known(0, 0, "stm32vldiscovery"),
                TargetAssignment.known(0, 1, "netduino2"),
                TargetAssignment.known(0, 2, "qemu-cortex-m4"),
                TargetAssignment.notConnected(1, 0),
                TargetAssignment.notConnected(1, 1));
        Healing h = AssignmentHealing.heal(stored, detected);
        assertThat(h.changes())
                .containsExactly(
                        "stack 0 slot 0: target stm32vldiscovery replaces stored target netduino2",
                        "stack 0 slot 1: target netduino2 found where the stored slot was empty; added",
                        "stack 0 slot 2: target qemu-cortex-m4 was not stored; added",
                        "stack 1 slot 0: stored target nrf52840 is gone; slot now empty",
                        "stack 1 slot 1: stored unknown target is gone; slot now empty",
                        "stack 2 slot 0: stored target lm3s811evb is gone; the slot no longer exists");
        assertThat(h.targets()).as("the detected side, not flashed yet").isEqualTo(detected.targets());
    }

    @Test
    void aTargetThatBecameUnknownOrNamed() {
        Healing h = AssignmentHealing.heal(
                rack(List.of(), TargetAssignment.known(0, 0, "netduino2"), TargetAssignment.unknown(0, 1)),
                rack(List.of(), TargetAssignment.unknown(0, 0), TargetAssignment.known(0, 1, "netduino2")));
        assertThat(h.changes())
                .containsExactly(
                        "stack 0 slot 0: unknown target replaces stored target netduino2",
                        "stack 0 slot 1: target netduino2 replaces stored unknown target");
    }

    @Test
    void theDetectedSideComesFromTheRackModel() {
        TargetInfo m4 = new TargetInfo(
                "qemu-cortex-m4",
                Architecture.ARM,
                "cortex-m4",
                List.of(
                        new MemoryRegion(MemoryKind.FLASH, 0x0, 0x40000),
                        new MemoryRegion(MemoryKind.RAM, 0x20000000L, 0x10000)));
        ProbeInfo probe = new ProbeInfo(
                ProbeKind.VIRTUAL_GDB, "Virtual GDB probe 1", 0, 0, "hive-virtual-1", "unix:/tmp/probe-1.sock");
        Rack hardware = new Rack(
                "bench",
                List.of(new Testchannel(0, null, null), new Testchannel(1, probe, null)),
                List.of(new Stack(
                        0,
                        "stack-a",
                        List.of(
                                TargetSlot.known(new SlotAddress(0, 0), m4),
                                TargetSlot.empty(new SlotAddress(0, 1))))));
        RackAssignment detected = RackAssignment.detectedIn(hardware);
        assertThat(detected.probes()).containsExactly(VIRTUAL_1);
        assertThat(detected.targets())
                .containsExactly(TargetAssignment.known(0, 0, "qemu-cortex-m4"), TargetAssignment.notConnected(0, 1));
    }
}
