package dev.hive.rack.virtual;

import dev.hive.rack.backend.ProbeRoute;
import dev.hive.rack.backend.ProbeTakeover;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.backend.StackBusyException;
import dev.hive.rack.model.SlotAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects each testchannel's virtual probe (and UART) to the GDB stub (and UART) of one target. A stack is
 * connected to at most one channel at a time, as with the bus switches of a real rack.
 */
final class VirtualBusSwitch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualBusSwitch.class);

    private final List<SplicedEndpoint> probes = new ArrayList<>();
    private final List<SplicedEndpoint> uarts = new ArrayList<>();
    private final Map<Integer, SlotAddress> byChannel = new HashMap<>();
    private final Map<Integer, Integer> stackHolder = new HashMap<>();
    private final List<String> stackNames;

    VirtualBusSwitch(Path runDirectory, int channels, List<String> stackNames) throws IOException {
        this.stackNames = List.copyOf(stackNames);
        try {
            for (int c = 0; c < channels; c++) {
                probes.add(new SplicedEndpoint(runDirectory.resolve("probe-" + c + ".sock"), "probe-" + c));
                uarts.add(new SplicedEndpoint(runDirectory.resolve("uart-" + c + ".sock"), "uart-" + c));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    Path probeSocket(int channel) {
        return probes.get(channel).path();
    }

    /** {@link SplicedEndpoint#takeOver} of {@code channel}'s probe, with a way to give it back. */
    Optional<ProbeRoute> takeProbe(int channel, ProbeTakeover takeover) {
        checkChannel(channel);
        SplicedEndpoint probe = probes.get(channel);
        return probe.takeOver(takeover).map(path -> new ProbeRoute("unix:" + path, () -> probe.release(takeover)));
    }

    Path uartSocket(int channel) {
        return uarts.get(channel).path();
    }

    int channels() {
        return probes.size();
    }

    synchronized void connect(int channel, QemuTarget target) {
        checkChannel(channel);
        SlotAddress slot = target.slot();
        Integer holder = stackHolder.get(slot.stack());
        if (holder != null && holder != channel) {
            throw new StackBusyException(channel, slot.stack(), stackNames.get(slot.stack()), holder);
        }
        disconnect(channel);
        try {
            probes.get(channel).attach(target.gdbSocket());
            uarts.get(channel).attach(target.uartSocket());
        } catch (IOException e) {
            probes.get(channel).detach();
            uarts.get(channel).detach();
            throw new RackException(
                    "channel " + channel + " cannot reach target " + slot + " ("
                            + target.target().name() + "): " + e.getMessage(),
                    e);
        }
        byChannel.put(channel, slot);
        stackHolder.put(slot.stack(), channel);
        LOG.info(
                "channel {} connected to target {} ({})",
                channel,
                slot,
                target.target().name());
    }

    synchronized void disconnect(int channel) {
        checkChannel(channel);
        SlotAddress slot = byChannel.remove(channel);
        if (slot == null) {
            return;
        }
        stackHolder.remove(slot.stack());
        probes.get(channel).detach();
        uarts.get(channel).detach();
        LOG.info("channel {} disconnected from target {}", channel, slot);
    }

    synchronized Optional<SlotAddress> connection(int channel) {
        checkChannel(channel);
        return Optional.ofNullable(byChannel.get(channel));
    }

    /** The channel connected to {@code slot}, if any. */
    synchronized Optional<Integer> channelOf(SlotAddress slot) {
        return byChannel.entrySet().stream()
                .filter(e -> e.getValue().equals(slot))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The target in {@code slot} died: hang up on the client of the channel connected to it. */
    synchronized void targetLost(SlotAddress slot) {
        channelOf(slot).ifPresent(channel -> {
            probes.get(channel).hangUp();
            uarts.get(channel).hangUp();
        });
    }

    private void checkChannel(int channel) {
        if (channel < 0 || channel >= probes.size()) {
            throw new RackException(
                    "there is no channel " + channel + "; this rack has channels 0 to " + (probes.size() - 1));
        }
    }

    @Override
    public synchronized void close() {
        probes.forEach(SplicedEndpoint::close);
        uarts.forEach(SplicedEndpoint::close);
        byChannel.clear();
        stackHolder.clear();
    }
}
