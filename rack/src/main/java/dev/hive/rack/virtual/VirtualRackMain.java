package dev.hive.rack.virtual;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.RackFileException;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs a virtual rack on its own, until Ctrl-C: {@code VirtualRackMain RACK_FILE [CHANNEL=STACK/SLOT ...]}.
 * Builds and flashes the built-in testprogram, connects the given channels, and prints how to reach each
 * probe with gdb-multiarch. Useful to try a probe library by hand before a monitor exists on the machine.
 */
public final class VirtualRackMain {

    private VirtualRackMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: VirtualRackMain RACK_FILE [CHANNEL=STACK/SLOT ...]");
            System.exit(2);
        }
        VirtualRackConfig config;
        try {
            if (!(new RackFile(TargetCatalog.builtin()).read(Path.of(args[0])) instanceof VirtualRackConfig virtual)) {
                throw new RackFileException("rack file " + args[0] + " does not describe a virtual rack");
            }
            config = virtual;
        } catch (RackFileException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var targets = config.stacks().stream()
                .flatMap(s -> s.slots().stream())
                .flatMap(Optional::stream)
                .toList();
        TestprogramBuild build = new TestprogramBuilder(
                        Files.createTempDirectory("hive-testprogram-"), Toolchains.fromPath())
                .build(new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles()), targets);
        if (!build.ok()) {
            System.err.println("the built-in testprogram does not build:\n" + build.output());
            System.exit(1);
        }
        var rack = VirtualRackBackend.start(config);
        rack.flash(build)
                .forEach((slot, status) -> System.out.println(
                        "target " + slot + " " + rack.catalogTarget(slot).name() + ": " + status.message()));
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split("[=/]");
            int channel = Integer.parseInt(parts[0]);
            var slot = new SlotAddress(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            rack.connect(channel, slot);
            System.out.println("channel " + channel + " -> target " + slot + " ("
                    + rack.catalogTarget(slot).name()
                    + "); try: gdb-multiarch -q -nx -ex 'target remote " + socketPath(rack, channel)
                    + "' -ex 'print/x hive_uid' "
                    + build.imageFor(rack.catalogTarget(slot)).orElseThrow().elf());
        }
        System.out.println("HIVE_UID of this build: 0x" + Long.toHexString(build.uid()));
        System.out.println(
                "virtual rack '" + config.name() + "' is up in " + rack.runDirectory() + "; Ctrl-C stops it");
        Thread.currentThread().join();
    }

    private static String socketPath(VirtualRackBackend rack, int channel) {
        return rack.rack().channels().get(channel).probe().endpoint().substring("unix:".length());
    }
}
