package dev.hive.rack.backend;

import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rack's hardware behind one blocking API. Calls may come from several threads (one per testchannel);
 * implementations are thread-safe. Every method that touches hardware may take time: never call it from an
 * event loop.
 */
public interface RackBackend extends AutoCloseable {

    /** The rack as configured, with the probes that were found. */
    Rack rack();

    /** The backend as the rack file names it: {@code virtual} (emulated targets) or {@code static}. */
    String kind();

    /**
     * Flashes each listed target with its ELF file, in parallel where the hardware allows. A failure on one
     * target does not stop the others; it is reported in that target's status.
     */
    Map<SlotAddress, FlashStatus> flash(Map<SlotAddress, Path> images);

    /**
     * Flashes every known target with its image from {@code build}. A target whose image did not build is not
     * touched (it keeps what it had, and {@link #flashStatus} still describes that); the returned map gives it
     * an error status naming the build's failure.
     */
    default Map<SlotAddress, FlashStatus> flash(TestprogramBuild build) {
        var images = new LinkedHashMap<SlotAddress, Path>();
        var results = new LinkedHashMap<SlotAddress, FlashStatus>();
        for (TargetSlot slot : rack().knownSlots()) {
            var image = build.imageFor(catalogTarget(slot.address()));
            if (image.isPresent() && image.get().ok()) {
                images.put(slot.address(), image.get().elf());
            } else {
                results.put(
                        slot.address(),
                        FlashStatus.error(
                                "testprogram " + build.testprogram() + " has no image for "
                                        + slot.target().name()
                                        + image.map(i -> " (" + i.status() + ")")
                                                .orElse(""),
                                image.map(i -> i.output()).orElse("")));
            }
        }
        results.putAll(flash(images));
        return results;
    }

    /** The catalog entries of the known targets, each once: what a testprogram must be built for. */
    default List<CatalogTarget> knownTargets() {
        return rack().knownSlots().stream()
                .map(slot -> catalogTarget(slot.address()))
                .distinct()
                .toList();
    }

    /** The catalog entry of the target in {@code slot}. */
    CatalogTarget catalogTarget(SlotAddress slot);

    /** The status of the last flash of {@code slot}. */
    FlashStatus flashStatus(SlotAddress slot);

    /** The live condition of the target in {@code slot}. */
    TargetHealth health(SlotAddress slot);

    /**
     * Connects testchannel {@code channel} to the target in {@code slot}, replacing what the channel was
     * connected to. A target that was lost is brought back first.
     *
     * @throws RackException when the stack is connected to another channel, the slot is empty or unknown, or
     *     the target cannot be brought back
     */
    void connect(int channel, SlotAddress slot);

    /** Disconnects {@code channel} from whatever it is connected to; does nothing when it is not connected. */
    void disconnect(int channel);

    /**
     * Takes {@code channel}'s probe for a client in this process that connects to the target's debug socket itself
     * (one relay hop less than through the probe's endpoint), with the probe's rules: the previous client is hung up,
     * and {@code takeover} is told to hang up when another client connects, when the channel is switched or
     * disconnected, or when the target is lost. Empty when the backend has no such route (the client then connects
     * to the probe's endpoint) or the channel is connected to no target.
     */
    default Optional<ProbeRoute> takeProbe(int channel, ProbeTakeover takeover) {
        return Optional.empty();
    }

    /** The slot {@code channel} is connected to, if any. */
    Optional<SlotAddress> connection(int channel);

    /** Resets the target in {@code slot}; it runs its program from the start. */
    void reset(SlotAddress slot);

    /** Powers the target in {@code slot} off ({@code false}) or on ({@code true}). */
    void power(SlotAddress slot, boolean on);

    /** Registers {@code listener} for target-lost events; it stays registered until the backend closes. */
    void addListener(RackListener listener);

    /** Releases all hardware: no process, socket or open device is left behind. */
    @Override
    void close();
}
