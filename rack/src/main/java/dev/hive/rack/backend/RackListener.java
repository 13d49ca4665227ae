package dev.hive.rack.backend;

import dev.hive.rack.model.SlotAddress;

/** Told about events the backend notices by itself; called from the backend's own threads, so return quickly. */
@FunctionalInterface
public interface RackListener {

    /** The target in {@code slot} stopped answering or its probe vanished; {@code reason} says how. */
    void targetLost(SlotAddress slot, String reason);
}
