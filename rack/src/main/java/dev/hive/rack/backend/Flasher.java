package dev.hive.rack.backend;

import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.TargetInfo;
import java.nio.file.Path;

/** Puts an ELF image onto a physical target through a probe. */
public interface Flasher {

    /** Flashes {@code elf} onto {@code target} through {@code probe}; never throws for a tool failure. */
    FlashStatus flash(Path elf, TargetInfo target, ProbeInfo probe);
}
