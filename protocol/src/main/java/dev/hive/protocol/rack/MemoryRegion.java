package dev.hive.protocol.rack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One contiguous region of a target's address space.
 *
 * @param kind flash or RAM
 * @param origin first address
 * @param length size in bytes, greater than zero
 */
public record MemoryRegion(MemoryKind kind, long origin, long length) {

    @JsonCreator
    public MemoryRegion(
            @JsonProperty("kind") MemoryKind kind,
            @JsonProperty("origin") long origin,
            @JsonProperty("length") long length) {
        if (kind == null) {
            throw new IllegalArgumentException("memory region needs a kind (FLASH or RAM)");
        }
        if (origin < 0 || origin > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "memory origin 0x%x is outside the 32-bit address space".formatted(origin));
        }
        if (length <= 0 || origin + length > 0x1_0000_0000L) {
            throw new IllegalArgumentException(
                    "memory region at 0x%x has a bad length %d (must be positive and end below 4 GiB)"
                            .formatted(origin, length));
        }
        this.kind = kind;
        this.origin = origin;
        this.length = length;
    }

    /** The first address after this region. */
    public long end() {
        return origin + length;
    }

    /** Whether {@code address} (and the {@code size} bytes from it) lie inside this region. */
    public boolean contains(long address, long size) {
        return address >= origin && address + Math.max(size, 0) <= end();
    }

    @Override
    public String toString() {
        return "%s 0x%08x+0x%x".formatted(kind, origin, length);
    }
}
