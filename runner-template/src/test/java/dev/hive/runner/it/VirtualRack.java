package dev.hive.runner.it;

import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.rack.TestprogramDescription;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Stack;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import dev.hive.rack.testprogram.ElfSymbol;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramImage;
import dev.hive.rack.virtual.FlashedVirtualRack;
import dev.hive.rack.virtual.VirtualRackBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real virtual rack for the integration tests: 4 channels with virtual probes and 7 QEMU boards on 3 stacks,
 * the built-in testprogram built with the cross toolchains and flashed. It describes itself as the monitor
 * would in {@code welcome}. Public, and published in this module's test-jar, for other modules' runner tests.
 */
public final class VirtualRack implements AutoCloseable {

    public static final String RACK_FILE =
            """
            name: runner-it
            backend: virtual
            channels: 4
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, netduinoplus2, lm3s6965evb]
              - name: stack-b
                targets: [microbit, mps2-an500]
              - name: stack-c
                targets: [mps2-an505, sifive_e]
            """;

    public static final List<String> TARGETS = List.of(
            "stm32vldiscovery", "netduinoplus2", "lm3s6965evb", "microbit", "mps2-an500", "mps2-an505", "sifive_e");

    public final VirtualRackBackend backend;
    public final TestprogramBuild build;
    private final Path work;

    private VirtualRack(Path work, String rackFile) {
        this.work = work;
        var flashed = FlashedVirtualRack.start(rackFile, "runner-it rack", work);
        backend = flashed.rack();
        build = flashed.build();
    }

    /** The rack of {@link #RACK_FILE}: 4 channels, the 7 {@link #TARGETS} on 3 stacks. */
    public static VirtualRack start() {
        return start(RACK_FILE);
    }

    /** A virtual rack of another shape, from the text of a rack file. */
    public static VirtualRack start(String rackFile) {
        try {
            return new VirtualRack(Files.createTempDirectory("hive-runner-it-"), rackFile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    TestprogramImage image(SlotAddress slot) {
        return build.imageFor(backend.catalogTarget(slot)).orElseThrow();
    }

    /** The rack as the monitor describes it in {@code welcome}. */
    public RackDescription description() {
        var channels = new ArrayList<ChannelDescription>();
        for (Testchannel channel : backend.rack().channels()) {
            ProbeInfo probe = channel.probe();
            channels.add(new ChannelDescription(
                    channel.index(),
                    new ProbeDescription(
                            probe.kind().name(),
                            probe.identifier(),
                            probe.vendorId(),
                            probe.productId(),
                            probe.serial(),
                            probe.endpoint()),
                    channel.uartEndpoint()));
        }
        var stacks = new ArrayList<StackDescription>();
        for (Stack stack : backend.rack().stacks()) {
            var slots = new ArrayList<SlotDescription>();
            for (TargetSlot slot : stack.slots()) {
                slots.add(new SlotDescription(
                        slot.address().slot(),
                        slot.knownTarget().map(t -> target(slot)).orElse(null)));
            }
            stacks.add(new StackDescription(stack.index(), stack.name(), slots));
        }
        return new RackDescription(backend.rack().name(), List.of("virtual", "uart"), channels, stacks);
    }

    private TargetDescription target(TargetSlot slot) {
        var info = slot.target();
        TestprogramImage image = image(slot.address());
        var symbols = new TreeMap<String, Long>();
        for (ElfSymbol symbol : image.symbols().values()) {
            symbols.put(symbol.name(), symbol.address());
        }
        FlashStatus status = backend.flashStatus(slot.address());
        return new TargetDescription(
                info.name(),
                info.architecture(),
                info.core(),
                info.memory(),
                new TestprogramDescription(build.testprogram(), build.uid(), symbols, build.defines()),
                status.isOk(),
                status.message());
    }

    /** The slot that holds {@code target}. */
    SlotAddress slotOf(String target) {
        return backend.rack().knownSlots().stream()
                .filter(s -> s.target().name().equals(target))
                .map(TargetSlot::address)
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        backend.close();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
