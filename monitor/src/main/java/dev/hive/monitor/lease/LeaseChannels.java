package dev.hive.monitor.lease;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Testchannel;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Which testchannel serves a lease: the first one a lease may have (the reservations' refusal allows it) that the
 * rack can connect to the target. Shared by a lease granted at once ({@link Leases}) and one granted when a run ends
 * ({@link PendingLeases}). Blocking (the rack): never on an event loop.
 */
final class LeaseChannels {

    /** Why no channel is connected ({@code refusal}), or the channel that is ({@code refusal} null). */
    record Connection(int channel, String refusal) {}

    private final RackBackend rack;

    LeaseChannels(RackBackend rack) {
        this.rack = rack;
    }

    /**
     * Connects the first of {@code candidates} that {@code refusal} allows to {@code slot}. Called with the
     * reservations' lock held.
     */
    Connection connect(
            SlotAddress slot,
            List<Testchannel> candidates,
            BiFunction<SlotAddress, Integer, Optional<String>> refusal) {
        String lastRefusal = null;
        for (Testchannel channel : candidates) {
            Optional<String> refused = refusal.apply(slot, channel.index());
            if (refused.isPresent()) {
                lastRefusal = refused.get();
                if (refused.get().startsWith("target")
                        || refused.get().startsWith("run")
                        || refused.get().startsWith("stack")) {
                    break; // no other channel helps
                }
                continue;
            }
            try {
                rack.connect(channel.index(), slot);
            } catch (RackException e) {
                lastRefusal = "channel " + channel.index() + " cannot serve target " + slot + ": " + e.getMessage();
                continue;
            }
            return new Connection(channel.index(), null);
        }
        return new Connection(
                -1, lastRefusal != null ? lastRefusal : "no channel with a probe can serve target " + slot);
    }

    /** The channels with a probe that may serve a pending lease: the one it asked for, or any. */
    List<Testchannel> candidatesFor(Lease waiting) {
        return rack.rack().channels().stream()
                .filter(ch -> ch.probe() != null && (waiting.channel() < 0 || ch.index() == waiting.channel()))
                .toList();
    }

    void disconnect(int channel) {
        rack.disconnect(channel);
    }
}
