package dev.hive.monitor.ipc;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackListener;
import dev.hive.rack.backend.StackBusyException;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bus without hardware: remembers connections, refuses a stack held by another channel. */
final class FakeBackend implements RackBackend {

    final Map<Integer, SlotAddress> connections = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<RackListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public synchronized void connect(int channel, SlotAddress slot) {
        calls.add("connect " + channel + " " + slot.stack() + "/" + slot.slot());
        connections.forEach((other, held) -> {
            if (other != channel && held.stack() == slot.stack()) {
                throw new StackBusyException(channel, slot.stack(), "stack-" + slot.stack(), other);
            }
        });
        connections.put(channel, slot);
    }

    @Override
    public synchronized void disconnect(int channel) {
        calls.add("disconnect " + channel);
        connections.remove(channel);
    }

    @Override
    public Optional<SlotAddress> connection(int channel) {
        return Optional.ofNullable(connections.get(channel));
    }

    @Override
    public void addListener(RackListener listener) {
        listeners.add(listener);
    }

    void loseTarget(SlotAddress slot, String reason) {
        listeners.forEach(l -> l.targetLost(slot, reason));
    }

    @Override
    public Rack rack() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<SlotAddress, FlashStatus> flash(Map<SlotAddress, Path> images) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CatalogTarget catalogTarget(SlotAddress slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FlashStatus flashStatus(SlotAddress slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TargetHealth health(SlotAddress slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reset(SlotAddress slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void power(SlotAddress slot, boolean on) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
