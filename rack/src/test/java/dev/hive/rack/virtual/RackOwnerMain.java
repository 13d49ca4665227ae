package dev.hive.rack.virtual;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.TargetSlot;
import java.util.stream.Collectors;

/** Started as a separate JVM by a test: starts a rack, prints where it lives, and waits to be killed. */
public final class RackOwnerMain {

    public static void main(String[] args) throws Exception {
        var config = (VirtualRackConfig) new RackFile(TargetCatalog.builtin()).parse(args[0], "argument");
        var rack = VirtualRackBackend.start(config);
        String pids = rack.rack().knownSlots().stream()
                .map(TargetSlot::address)
                .map(slot -> String.valueOf(rack.processId(slot).orElseThrow()))
                .collect(Collectors.joining(" "));
        System.out.println("rack " + rack.runDirectory() + " " + pids);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
