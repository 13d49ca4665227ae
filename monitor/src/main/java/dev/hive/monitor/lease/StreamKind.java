package dev.hive.monitor.lease;

import java.util.Locale;
import java.util.Optional;

/** What a lease's stream carries. */
public enum StreamKind {
    /** The probe's GDB remote protocol; the holder only. */
    GDB,
    /** The target's UART; the holder reads and writes, anybody else may read. */
    UART;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StreamKind> parse(String text) {
        for (StreamKind k : values()) {
            if (k.wireName().equals(text)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
