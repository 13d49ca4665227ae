package dev.hive.rack.testprogram;

/** The outcome of building one testprogram image. */
public enum BuildStatus {
    OK,
    /** The compiler or linker reported errors; its output says which. */
    COMPILE_FAILURE,
    /** The cross toolchain for the architecture is not installed. */
    TOOLCHAIN_MISSING
}
