package dev.hive.rack.testprogram;

/**
 * One entry of an ELF symbol table.
 *
 * @param name the symbol's name
 * @param address its value; for Thumb functions the low bit is cleared
 * @param size its size in bytes, 0 when unknown
 * @param type function, data object, or anything else
 */
public record ElfSymbol(String name, long address, long size, Type type) {

    public enum Type {
        FUNCTION,
        OBJECT,
        OTHER
    }
}
