package dev.hive.monitor.ipc;

import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.rack.TestprogramDescription;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Stack;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import dev.hive.rack.testprogram.ElfSymbol;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Describes a rack as the monitor tells the runner in {@code welcome}. */
public final class RackDescriptions {

    /** The capability of a rack of emulated targets. */
    public static final String VIRTUAL = "virtual";

    /** The capability of a rack whose channels have UARTs. */
    public static final String UART = "uart";

    private RackDescriptions() {}

    /**
     * The description of {@code backend}'s rack with its current flash statuses.
     *
     * @param build the testprogram build that is on the targets, or null when none is (every target then
     *     has {@code testprogram: null})
     */
    public static RackDescription describe(RackBackend backend, TestprogramBuild build) {
        Function<SlotAddress, Optional<TestprogramImage>> images =
                build == null ? slot -> Optional.empty() : slot -> build.imageFor(backend.catalogTarget(slot));
        return describe(backend.rack(), "virtual".equals(backend.kind()), backend::flashStatus, build, images);
    }

    /**
     * The description of {@code rack}.
     *
     * @param virtual whether the rack is the virtual one (capability {@value #VIRTUAL})
     * @param flashStatus the flash status of a known slot
     * @param build the testprogram build on the targets, or null
     * @param images the image of {@code build} for a known slot, if there is one
     */
    public static RackDescription describe(
            Rack rack,
            boolean virtual,
            Function<SlotAddress, FlashStatus> flashStatus,
            TestprogramBuild build,
            Function<SlotAddress, Optional<TestprogramImage>> images) {
        var channels = new ArrayList<ChannelDescription>();
        boolean uart = false;
        for (Testchannel channel : rack.channels()) {
            ProbeInfo probe = channel.probe();
            channels.add(new ChannelDescription(
                    channel.index(),
                    probe == null
                            ? null
                            : new ProbeDescription(
                                    probe.kind().name(),
                                    probe.identifier(),
                                    probe.vendorId(),
                                    probe.productId(),
                                    probe.serial(),
                                    probe.endpoint()),
                    channel.uartEndpoint()));
            uart |= channel.uartEndpoint() != null;
        }
        var stacks = new ArrayList<StackDescription>();
        for (Stack stack : rack.stacks()) {
            var slots = new ArrayList<SlotDescription>();
            for (TargetSlot slot : stack.slots()) {
                TargetDescription target = slot.knownTarget().isPresent()
                        ? target(slot, flashStatus.apply(slot.address()), build, images.apply(slot.address()))
                        : null;
                slots.add(new SlotDescription(slot.address().slot(), target));
            }
            stacks.add(new StackDescription(stack.index(), stack.name(), slots));
        }
        var capabilities = new ArrayList<String>();
        if (virtual) {
            capabilities.add(VIRTUAL);
        }
        if (uart) {
            capabilities.add(UART);
        }
        return new RackDescription(rack.name(), List.copyOf(capabilities), channels, stacks);
    }

    private static TargetDescription target(
            TargetSlot slot, FlashStatus status, TestprogramBuild build, Optional<TestprogramImage> image) {
        var info = slot.target();
        TestprogramDescription testprogram = null;
        if (build != null && image.isPresent() && image.get().ok()) {
            var symbols = new TreeMap<String, Long>();
            for (ElfSymbol symbol : image.get().symbols().values()) {
                symbols.put(symbol.name(), symbol.address());
            }
            testprogram = new TestprogramDescription(
                    build.testprogram(), build.uid(), symbols, new TreeMap<>(build.defines()));
        }
        boolean ok = status != null && status.isOk();
        String message = status == null ? "not flashed" : status.message();
        return new TargetDescription(
                info.name(), info.architecture(), info.core(), info.memory(), testprogram, ok, message);
    }
}
