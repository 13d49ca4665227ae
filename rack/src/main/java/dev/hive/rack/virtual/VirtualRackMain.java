package dev.hive.rack.virtual;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.RackFileException;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import java.nio.file.Files;
import java.nio.file.Path;

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
        FlashedVirtualRack flashed;
        try {
            flashed = FlashedVirtualRack.start(config, Files.createTempDirectory("hive-testprogram-"));
        } catch (RackException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        var rack = flashed.rack();
        var build = flashed.build();
        for (var slot : rack.rack().knownSlots()) {
            System.out.println("target " + slot.address() + " " + slot.target().name() + ": "
                    + rack.flashStatus(slot.address()).message());
        }
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split("[=/]");
            int channel = Integer.parseInt(parts[0]);
            var slot = new SlotAddress(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            rack.connect(channel, slot);
            System.out.println("channel " + channel + " -> target " + slot + " ("
                    + rack.catalogTarget(slot).name()
                    + "); try: gdb-multiarch -q -nx -ex 'target remote " + socketPath(rack, channel)
                    + "' -ex 'print/x hive_uid' "
                    + flashed.image(slot).elf());
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
