package dev.hive.example.rsp;

import java.util.Objects;

/**
 * One register from the target description.
 *
 * @param name the name, for example {@code r0}, {@code pc}, {@code xpsr}, {@code a0}, {@code mstatus}
 * @param regnum the register number used by {@code p}/{@code P} and the position in the {@code g}
 *     packet
 * @param bitsize the size in bits
 * @param type the {@code type} attribute ({@code int}, {@code code_ptr}, {@code data_ptr}, {@code
 *     ieee_single}, a vector type, ...)
 * @param group the register group ({@code general}, {@code float}, {@code vector}, {@code system},
 *     or whatever the description says)
 * @param feature the name of the feature that defines the register, for example {@code
 *     org.gnu.gdb.arm.m-profile}
 */
public record Register(String name, int regnum, int bitsize, String type, String group, String feature) {

    public Register {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(feature, "feature");
        if (regnum < 0) {
            throw new IllegalArgumentException("negative regnum for " + name);
        }
        if (bitsize <= 0 || bitsize % 8 != 0) {
            throw new IllegalArgumentException("bitsize of " + name + " must be a positive multiple of 8: " + bitsize);
        }
    }

    /** The size in bytes. */
    public int byteSize() {
        return bitsize / 8;
    }
}
