package dev.hive.rack.testprogram;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One built (or failed) image.
 *
 * @param key what it was built for
 * @param status the outcome
 * @param elf the ELF file, null unless the status is OK
 * @param symbols the ELF's symbols by name, empty unless OK
 * @param command the compiler command line that was run, empty when none was
 * @param output what the compiler and linker printed (or why nothing was run)
 * @param duration how long the build took
 */
public record TestprogramImage(
        ImageKey key,
        BuildStatus status,
        Path elf,
        Map<String, ElfSymbol> symbols,
        List<String> command,
        String output,
        Duration duration) {

    public TestprogramImage {
        symbols = Map.copyOf(symbols);
        command = List.copyOf(command);
    }

    public boolean ok() {
        return status == BuildStatus.OK;
    }

    public Optional<ElfSymbol> symbol(String name) {
        return Optional.ofNullable(symbols.get(name));
    }
}
