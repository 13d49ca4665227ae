package dev.hive.rack.testprogram;

import dev.hive.protocol.rack.Architecture;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the GNU cross compilers, one per architecture. */
public final class Toolchains {

    private static final Map<Architecture, List<String>> COMPILERS = Map.of(
            Architecture.ARM, List.of("arm-none-eabi-gcc"),
            Architecture.RISCV, List.of("riscv64-unknown-elf-gcc", "riscv32-unknown-elf-gcc", "riscv-none-elf-gcc"));

    private static final Map<Architecture, String> PACKAGES = Map.of(
            Architecture.ARM, "gcc-arm-none-eabi",
            Architecture.RISCV, "gcc-riscv64-unknown-elf");

    private final List<Path> searchPath;

    private Toolchains(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** Searches the directories of the {@code PATH} environment variable. */
    public static Toolchains fromPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return in(List.of(path.split(File.pathSeparator)).stream()
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList());
    }

    /** Searches only {@code directories}. */
    public static Toolchains in(List<Path> directories) {
        return new Toolchains(directories);
    }

    /** The C compiler for {@code architecture}, if installed. */
    public Optional<Path> compiler(Architecture architecture) {
        for (String name : COMPILERS.get(architecture)) {
            for (Path dir : searchPath) {
                Path candidate = dir.resolve(name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** A sentence for an operator: which compiler is missing and which package provides it. */
    public String missingMessage(Architecture architecture) {
        return "no " + architecture + " cross compiler found (looked for "
                + String.join(", ", COMPILERS.get(architecture))
                + " on " + searchPath + "); install the Debian package " + PACKAGES.get(architecture)
                + " (scripts/install-deps does)";
    }
}
