package dev.hive.rack.catalog;

import java.util.List;
import java.util.Objects;

/**
 * How to start an emulated board.
 *
 * @param qemu the QEMU binary, e.g. {@code qemu-system-arm}
 * @param machine the value of {@code -M}
 * @param args extra arguments the board needs (e.g. {@code -bios none})
 */
public record Emulation(String qemu, String machine, List<String> args) {

    public Emulation {
        Objects.requireNonNull(qemu, "qemu");
        Objects.requireNonNull(machine, "machine");
        args = args == null ? List.of() : List.copyOf(args);
    }
}
