package dev.hive.runner;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.rack.TestprogramDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rack descriptions for unit tests, shaped like the virtual rack's. */
public final class Racks {

    private Racks() {}

    public static ProbeDescription probe(int channel, String endpoint) {
        return new ProbeDescription(
                "VIRTUAL_GDB", "Virtual GDB probe " + channel, 0, 0, "hive-virtual-" + channel, endpoint);
    }

    public static TargetDescription target(String name) {
        boolean riscv = name.startsWith("sifive");
        return new TargetDescription(
                name,
                riscv ? Architecture.RISCV : Architecture.ARM,
                riscv ? "rv32imac" : "cortex-m3",
                List.of(
                        new MemoryRegion(MemoryKind.FLASH, 0x0800_0000L, 0x2_0000L),
                        new MemoryRegion(MemoryKind.RAM, 0x2000_0000L, 0x2000L)),
                new TestprogramDescription(
                        "default",
                        0x8dc1dc22b8c201dbL,
                        Map.of("hive_header", 0x0800_0200L),
                        Map.of("HIVE_UID", "0x8dc1dc22b8c201dbULL")),
                true,
                "flashed hive.elf in 48 ms");
    }

    /**
     * A rack with {@code channels} probed channels (a channel beyond them has no probe) and one stack per
     * array of target names; a null name is an empty slot.
     */
    public static RackDescription rack(int channels, String[]... stacks) {
        var channelList = new ArrayList<ChannelDescription>();
        for (int c = 0; c < channels; c++) {
            channelList.add(new ChannelDescription(c, probe(c, "unix:/tmp/probe-" + c + ".sock"), null));
        }
        channelList.add(new ChannelDescription(channels, null, null));
        var stackList = new ArrayList<StackDescription>();
        for (int s = 0; s < stacks.length; s++) {
            var slots = new ArrayList<SlotDescription>();
            for (int p = 0; p < stacks[s].length; p++) {
                slots.add(new SlotDescription(p, stacks[s][p] == null ? null : target(stacks[s][p])));
            }
            stackList.add(new StackDescription(s, "stack-" + (char) ('a' + s), slots));
        }
        return new RackDescription("test-rack", List.of("virtual"), channelList, stackList);
    }

    /** The 4 × 7 virtual rack of the integration tests. */
    public static RackDescription matrix() {
        return rack(
                4,
                new String[] {"stm32vldiscovery", "netduinoplus2", "lm3s6965evb"},
                new String[] {"microbit", "mps2-an500"},
                new String[] {"mps2-an505", null, "sifive_e"});
    }
}
