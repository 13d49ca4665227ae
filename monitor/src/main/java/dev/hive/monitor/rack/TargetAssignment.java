package dev.hive.monitor.rack;

import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetState;
import java.util.Objects;
import java.util.Optional;

/**
 * What is stored for one stack slot: its state, the target's catalog name when it is known, and the outcome
 * of the last attempt to flash the testprogram onto it.
 *
 * @param stack the stack, from 0
 * @param slot the slot on the stack, from 0
 * @param state known target, unknown target, or nothing connected
 * @param targetName the catalog name, present exactly when the state is {@link TargetState#KNOWN}
 * @param flashStatus the last flash outcome
 * @param flashMessage a short text for people about that outcome; empty when there is nothing to say
 */
public record TargetAssignment(
        int stack,
        int slot,
        TargetState state,
        Optional<String> targetName,
        FlashStatus.Outcome flashStatus,
        String flashMessage) {

    public TargetAssignment {
        if (stack < 0 || slot < 0) {
            throw new IllegalArgumentException("stacks and slots are numbered from 0, got " + stack + "/" + slot);
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(flashStatus, "flashStatus");
        flashMessage = Objects.requireNonNullElse(flashMessage, "");
        if ((state == TargetState.KNOWN) != targetName.isPresent()) {
            throw new IllegalArgumentException("stack " + stack + " slot " + slot
                    + ": a target name is given exactly when the state is KNOWN, got " + state + " " + targetName);
        }
    }

    /** A slot holding the catalog target {@code name}, not flashed yet. */
    public static TargetAssignment known(int stack, int slot, String name) {
        return new TargetAssignment(
                stack, slot, TargetState.KNOWN, Optional.of(name), FlashStatus.Outcome.NOT_FLASHED, "");
    }

    /** A slot where something may sit that nobody named; tests do not use it. */
    public static TargetAssignment unknown(int stack, int slot) {
        return new TargetAssignment(
                stack, slot, TargetState.UNKNOWN, Optional.empty(), FlashStatus.Outcome.NOT_FLASHED, "");
    }

    /** An empty slot. */
    public static TargetAssignment notConnected(int stack, int slot) {
        return new TargetAssignment(
                stack, slot, TargetState.NOT_CONNECTED, Optional.empty(), FlashStatus.Outcome.NOT_FLASHED, "");
    }

    public SlotAddress address() {
        return new SlotAddress(stack, slot);
    }

    /** The same slot with another flash outcome. */
    public TargetAssignment withFlash(FlashStatus.Outcome status, String message) {
        return new TargetAssignment(stack, slot, state, targetName, status, message);
    }

    /** Whether both name the same thing in the slot (state and target), whatever their flash outcomes. */
    boolean sameOccupant(TargetAssignment other) {
        return state == other.state && targetName.equals(other.targetName);
    }

    /** Whether this names {@code otherState} with {@code otherName} (names compared ignoring case). */
    public boolean sameOccupantAs(TargetState otherState, Optional<String> otherName) {
        return state == otherState
                && targetName
                        .map(n -> n.toLowerCase(java.util.Locale.ROOT))
                        .equals(otherName.map(n -> n.toLowerCase(java.util.Locale.ROOT)));
    }

    /** {@code target nrf52840}, {@code unknown target} or {@code empty slot}, for log lines. */
    String describeOccupant() {
        return switch (state) {
            case KNOWN -> "target " + targetName.orElseThrow();
            case UNKNOWN -> "unknown target";
            case NOT_CONNECTED -> "empty slot";
        };
    }
}
