package dev.hive.monitor.control;

import dev.hive.rack.model.SlotAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One control operation on a target, as it stands.
 *
 * @param output what happened, for a failure with the flashing tool's output
 * @param requestedBy the caller's name
 */
public record TargetOperation(
        long id,
        SlotAddress slot,
        OperationKind kind,
        OperationState state,
        String output,
        String requestedBy,
        Instant createdAt,
        Optional<Instant> endedAt) {

    public TargetOperation {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    TargetOperation running() {
        return new TargetOperation(id, slot, kind, OperationState.RUNNING, output, requestedBy, createdAt, endedAt);
    }

    TargetOperation ended(boolean ok, String text, Instant at) {
        return new TargetOperation(
                id,
                slot,
                kind,
                ok ? OperationState.SUCCEEDED : OperationState.FAILED,
                text,
                requestedBy,
                createdAt,
                Optional.of(at));
    }
}
