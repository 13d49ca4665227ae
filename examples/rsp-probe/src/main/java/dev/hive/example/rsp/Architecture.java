package dev.hive.example.rsp;

import java.util.List;
import java.util.Locale;

/** The processor family of the target, from the {@code <architecture>} element of target.xml. */
public enum Architecture {
    /** ARM (the {@code arm} family; Cortex-M when the m-profile feature is present). */
    ARM(List.of("pc", "r15"), List.of("sp", "msp", "r13")),
    /** RISC-V ({@code riscv:rv32}, {@code riscv:rv64}). */
    RISCV(List.of("pc"), List.of("sp", "x2")),
    /** Anything else, or no target.xml. */
    UNKNOWN(List.of("pc"), List.of("sp"));

    private final List<String> pcNames;
    private final List<String> spNames;

    Architecture(List<String> pcNames, List<String> spNames) {
        this.pcNames = pcNames;
        this.spNames = spNames;
    }

    /** Register names that hold the program counter, most likely first. */
    public List<String> pcNames() {
        return pcNames;
    }

    /** Register names that hold the stack pointer, most likely first. */
    public List<String> spNames() {
        return spNames;
    }

    /** Maps an {@code <architecture>} string such as {@code arm}, {@code armv7} or {@code riscv:rv32}. */
    public static Architecture fromTargetXml(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("arm") && !n.startsWith("arm64")) {
            return ARM;
        }
        if (n.startsWith("riscv")) {
            return RISCV;
        }
        return UNKNOWN;
    }
}
