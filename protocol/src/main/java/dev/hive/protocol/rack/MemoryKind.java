package dev.hive.protocol.rack;

/** What a memory region holds: non-volatile memory the target boots from, or RAM. */
public enum MemoryKind {
    FLASH,
    RAM
}
