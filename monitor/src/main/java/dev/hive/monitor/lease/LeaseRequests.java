package dev.hive.monitor.lease;

import dev.hive.monitor.config.LeaseConfig;
import dev.hive.monitor.lease.LeaseException.Kind;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.time.Duration;
import java.util.List;

/**
 * What a lease request names, checked against the rack and the configuration: how long (within
 * {@code leases.maxMinutes}), which slot (a target name: the first slot holding it on a stack no lease holds; or
 * {@code stack/slot}), and which channels may serve it. A request that names what is not there is refused
 * ({@link LeaseException}) before anything is stored or connected.
 */
final class LeaseRequests {

    private final LeaseConfig config;
    private final RackBackend rack;
    private final LeaseReservations reservations;

    LeaseRequests(LeaseConfig config, RackBackend rack, LeaseReservations reservations) {
        this.config = config;
        this.rack = rack;
        this.reservations = reservations;
    }

    /** {@code minutes} as a length; the configured default when negative. */
    Duration length(int minutes) {
        if (minutes < 0) {
            return config.defaultLength();
        }
        if (minutes == 0 || minutes > config.maxLength().toMinutes()) {
            throw new LeaseException(
                    Kind.INVALID,
                    "minutes must be from 1 to " + config.maxLength().toMinutes() + " (leases.maxMinutes), got "
                            + minutes);
        }
        return Duration.ofMinutes(minutes);
    }

    TargetSlot slot(String target) {
        List<TargetSlot> known = rack.rack().knownSlots();
        if (target.matches("\\d+/\\d+")) {
            String[] parts = target.split("/");
            SlotAddress address = new SlotAddress(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            return known.stream()
                    .filter(s -> s.address().equals(address))
                    .findFirst()
                    .orElseThrow(() -> new LeaseException(Kind.NOT_FOUND, "no known target in slot " + target));
        }
        List<TargetSlot> named =
                known.stream().filter(s -> s.target().name().equals(target)).toList();
        if (named.isEmpty()) {
            throw new LeaseException(
                    Kind.NOT_FOUND,
                    "no target named '" + target + "' on this rack (known: "
                            + String.join(
                                    ", ",
                                    known.stream()
                                            .map(s -> s.target().name() + " " + s.address())
                                            .toList()) + ")");
        }
        return named.stream()
                .filter(s -> reservations.held().stream()
                        .noneMatch(l -> l.slot().stack() == s.address().stack()))
                .findFirst()
                .orElse(named.get(0));
    }

    List<Testchannel> channels(LeaseRequest request) {
        List<Testchannel> all = rack.rack().channels();
        if (request.channel().isPresent()) {
            int wanted = request.channel().getAsInt();
            Testchannel c = all.stream()
                    .filter(ch -> ch.index() == wanted)
                    .findFirst()
                    .orElseThrow(() -> new LeaseException(Kind.NOT_FOUND, "no channel " + wanted + " on this rack"));
            if (c.probe() == null) {
                throw new LeaseException(Kind.CONFLICT, "channel " + wanted + " has no probe");
            }
            return List.of(c);
        }
        return all.stream().filter(c -> c.probe() != null).toList();
    }
}
