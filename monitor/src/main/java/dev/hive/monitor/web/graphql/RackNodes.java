package dev.hive.monitor.web.graphql;

import dev.hive.monitor.rack.ProbeAssignment;
import dev.hive.monitor.rack.RackAssignment;
import dev.hive.monitor.rack.TargetAssignment;
import dev.hive.protocol.rack.Architecture;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.TargetState;
import dev.hive.rack.model.Testchannel;
import java.util.List;
import java.util.Optional;

/**
 * The rack as the UI sees it: the stored assignment (what an admin chose) joined with what the backend
 * reports now (detected probes; flash status and health of the targets that are running as assigned).
 * Reading it calls the backend: do it on a worker.
 */
final class RackNodes {

    record ProbeNode(String kind, String identifier, String serial, int vendorId, int productId) {
        static ProbeNode of(ProbeAssignment p) {
            return new ProbeNode(p.kind().name(), p.identifier(), p.serial(), p.vendorId(), p.productId());
        }

        static ProbeNode of(ProbeInfo p) {
            return new ProbeNode(p.kind().name(), p.identifier(), p.serial(), p.vendorId(), p.productId());
        }
    }

    record ChannelNode(int index, ProbeNode assigned, ProbeNode detected, String uart) {}

    record SlotNode(
            int stack,
            int slot,
            TargetState state,
            String target,
            Architecture architecture,
            String core,
            FlashStatus.Outcome flashStatus,
            String flashMessage,
            TargetHealth health) {}

    record StackNode(int index, String name, List<SlotNode> slots) {}

    record RackNode(String name, String backend, List<ChannelNode> channels, List<StackNode> stacks) {}

    record CatalogTargetNode(String name, Architecture architecture, String core, boolean emulated) {
        static CatalogTargetNode of(CatalogTarget t) {
            return new CatalogTargetNode(
                    t.name(),
                    t.info().architecture(),
                    t.info().core(),
                    t.emulated().isPresent());
        }
    }

    private final RackBackend backend;
    private final TargetCatalog catalog;

    RackNodes(RackBackend backend, TargetCatalog catalog) {
        this.backend = backend;
        this.catalog = catalog;
    }

    RackNode rack(RackAssignment stored) {
        Rack rack = backend.rack();
        List<ChannelNode> channels =
                rack.channels().stream().map(c -> channel(c, stored)).toList();
        List<StackNode> stacks = rack.stacks().stream()
                .map(s -> new StackNode(
                        s.index(),
                        s.name(),
                        s.slots().stream().map(t -> slot(t, stored)).toList()))
                .toList();
        return new RackNode(rack.name(), backendKind(), channels, stacks);
    }

    ChannelNode channel(Testchannel live, RackAssignment stored) {
        ProbeNode assigned = stored.probes().stream()
                .filter(p -> p.channel() == live.index())
                .findFirst()
                .map(ProbeNode::of)
                .orElse(null);
        return new ChannelNode(
                live.index(),
                assigned,
                live.probeInfo().map(ProbeNode::of).orElse(null),
                live.uart().orElse(null));
    }

    SlotNode slot(TargetSlot live, RackAssignment stored) {
        SlotAddress address = live.address();
        TargetAssignment assignment = stored.targets().stream()
                .filter(t -> t.address().equals(address))
                .findFirst()
                .orElseGet(() -> detected(live));
        Optional<CatalogTarget> target = assignment.targetName().flatMap(catalog::find);
        boolean running = live.state() == TargetState.KNOWN
                && assignment.state() == TargetState.KNOWN
                && live.target().name().equalsIgnoreCase(assignment.targetName().orElseThrow());
        FlashStatus.Outcome outcome = assignment.flashStatus();
        String message = assignment.flashMessage();
        TargetHealth health = null;
        if (running) {
            FlashStatus flash = backend.flashStatus(address);
            outcome = flash.outcome();
            message = flash.message();
            health = backend.health(address);
        } else if (!assignment.sameOccupantAs(live.state(), live.knownTarget().map(t -> t.name()))) {
            message = "assigned; takes effect when the rack is reloaded (reinitializeRack)";
        }
        return new SlotNode(
                address.stack(),
                address.slot(),
                assignment.state(),
                assignment.targetName().orElse(null),
                target.map(t -> t.info().architecture()).orElse(null),
                target.map(t -> t.info().core()).orElse(null),
                outcome,
                message,
                health);
    }

    private static TargetAssignment detected(TargetSlot live) {
        return switch (live.state()) {
            case KNOWN -> TargetAssignment.known(
                    live.address().stack(), live.address().slot(), live.target().name());
            case UNKNOWN -> TargetAssignment.unknown(
                    live.address().stack(), live.address().slot());
            case NOT_CONNECTED -> TargetAssignment.notConnected(
                    live.address().stack(), live.address().slot());
        };
    }

    String backendKind() {
        return backend.kind();
    }
}
