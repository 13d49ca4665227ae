package dev.hive.monitor.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Stack;
import dev.hive.rack.model.TargetInfo;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import dev.hive.rack.testprogram.BuildStatus;
import dev.hive.rack.testprogram.ElfSymbol;
import dev.hive.rack.testprogram.ImageKey;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RackDescriptionsTest {

    static final List<MemoryRegion> MEMORY = List.of(
            new MemoryRegion(MemoryKind.FLASH, 0x8000000, 0x20000),
            new MemoryRegion(MemoryKind.RAM, 0x20000000, 0x2000));
    static final TargetInfo BOARD = new TargetInfo("stm32vldiscovery", Architecture.ARM, "cortex-m3", MEMORY);
    static final TargetInfo OTHER = new TargetInfo("netduinoplus2", Architecture.ARM, "cortex-m4", MEMORY);

    static final Rack RACK = new Rack(
            "bench",
            List.of(
                    new Testchannel(
                            0,
                            new ProbeInfo(ProbeKind.ST_LINK_V2_1, "ST-Link", 0x0483, 0x374b, "ABC123", "usb:1-2"),
                            "serial:/dev/ttyACM0"),
                    new Testchannel(1, null, null)),
            List.of(new Stack(
                    0,
                    "stack-a",
                    List.of(
                            TargetSlot.known(new SlotAddress(0, 0), BOARD),
                            TargetSlot.empty(new SlotAddress(0, 1)),
                            TargetSlot.known(new SlotAddress(0, 2), OTHER)))));

    static final TestprogramBuild BUILD =
            new TestprogramBuild("default", 0x8dc1dc22b8c201dbL, Map.of("HIVE_UID", "0x8dc1dc22b8c201dbULL"), Map.of());

    static TestprogramImage image(BuildStatus status, Map<String, ElfSymbol> symbols) {
        var key = new ImageKey(Architecture.ARM, "cortex-m3", MEMORY.get(0), MEMORY.get(1), Map.of());
        return new TestprogramImage(key, status, Path.of("hive.elf"), symbols, List.of(), "", Duration.ZERO);
    }

    @Test
    void describesChannelsStacksTargetsAndTheTestprogram() {
        var symbols = Map.of("hive_header", new ElfSymbol("hive_header", 0x8000200, 64, ElfSymbol.Type.OBJECT));
        RackDescription description = RackDescriptions.describe(
                RACK,
                false,
                slot -> slot.slot() == 0 ? FlashStatus.ok("flashed in 48 ms") : FlashStatus.error("no image", "log"),
                BUILD,
                slot -> slot.slot() == 0
                        ? Optional.of(image(BuildStatus.OK, symbols))
                        : Optional.of(image(BuildStatus.COMPILE_FAILURE, Map.of())));

        assertThat(description.name()).isEqualTo("bench");
        assertThat(description.capabilities()).containsExactly(RackDescriptions.UART);
        assertThat(description.channels().get(0).probe())
                .isEqualTo(new ProbeDescription("ST_LINK_V2_1", "ST-Link", 0x0483, 0x374b, "ABC123", "usb:1-2"));
        assertThat(description.channels().get(0).uart()).isEqualTo("serial:/dev/ttyACM0");
        assertThat(description.channels().get(1).probe()).isNull();
        assertThat(description.channels().get(1).uart()).isNull();

        var slots = description.stacks().get(0).slots();
        assertThat(slots).extracting(s -> s.slot()).containsExactly(0, 1, 2);
        TargetDescription first = slots.get(0).target();
        assertThat(first.name()).isEqualTo("stm32vldiscovery");
        assertThat(first.memory()).isEqualTo(MEMORY);
        assertThat(first.flashOk()).isTrue();
        assertThat(first.flashMessage()).isEqualTo("flashed in 48 ms");
        assertThat(first.testprogram().name()).isEqualTo("default");
        assertThat(first.testprogram().uid()).isEqualTo(0x8dc1dc22b8c201dbL);
        assertThat(first.testprogram().symbols()).containsExactly(Map.entry("hive_header", 0x8000200L));
        assertThat(first.testprogram().defines()).containsEntry("HIVE_UID", "0x8dc1dc22b8c201dbULL");
        assertThat(slots.get(1).target()).isNull();
        TargetDescription failed = slots.get(2).target();
        assertThat(failed.flashOk()).isFalse();
        assertThat(failed.flashMessage()).isEqualTo("no image");
        assertThat(failed.testprogram()).isNull();
    }

    @Test
    void withoutABuildNoTargetHasATestprogram() {
        RackDescription description =
                RackDescriptions.describe(RACK, true, slot -> FlashStatus.notFlashed(), null, slot -> Optional.empty());
        assertThat(description.capabilities()).containsExactly(RackDescriptions.VIRTUAL, RackDescriptions.UART);
        assertThat(description.stacks().get(0).slots().get(0).target().testprogram())
                .isNull();
        assertThat(description.stacks().get(0).slots().get(0).target().flashOk())
                .isFalse();
    }
}
