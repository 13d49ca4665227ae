package dev.hive.rack.model;

/**
 * Where a target sits: the stack's index and the slot's position on it, both from 0.
 *
 * <p>Written {@code 1/3} for stack 1, slot 3.
 */
public record SlotAddress(int stack, int slot) implements Comparable<SlotAddress> {

    public SlotAddress {
        if (stack < 0 || slot < 0) {
            throw new IllegalArgumentException("slot address needs non-negative numbers, got " + stack + "/" + slot);
        }
    }

    @Override
    public int compareTo(SlotAddress other) {
        return stack != other.stack ? Integer.compare(stack, other.stack) : Integer.compare(slot, other.slot);
    }

    @Override
    public String toString() {
        return stack + "/" + slot;
    }
}
