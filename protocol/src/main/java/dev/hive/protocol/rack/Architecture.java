package dev.hive.protocol.rack;

/** The instruction-set family of a target's core; it picks the cross toolchain and the startup code. */
public enum Architecture {
    ARM,
    RISCV;

    /** The folder name of this architecture in a testprogram's sources. */
    public String folder() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
