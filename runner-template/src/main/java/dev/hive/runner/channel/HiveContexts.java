package dev.hive.runner.channel;

import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.rack.TestprogramDescription;
import dev.hive.runner.api.HiveContext;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import dev.hive.runner.api.TestChannel;
import java.util.HashSet;
import java.util.Map;

/** Turns the rack description's wire types into what hive tests receive. */
public final class HiveContexts {

    private HiveContexts() {}

    public static ProbeInfo probe(ProbeDescription probe) {
        return new ProbeInfo(probe.kind(), probe.identifier(), probe.serial(), probe.endpoint());
    }

    public static TargetInfo target(TargetDescription target) {
        TestprogramDescription program = target.testprogram();
        return new TargetInfo(
                target.name(),
                target.architecture(),
                target.core(),
                target.memory(),
                program == null ? "" : program.name(),
                program == null ? Map.of() : program.symbols(),
                program == null ? Map.of() : program.defines(),
                program == null ? 0 : program.uid());
    }

    public static HiveContext context(
            RackDescription rack, ProbeDescription probe, TargetDescription target, TestChannel channel) {
        return new HiveContext(probe(probe), target(target), channel, new HashSet<>(rack.capabilities()));
    }
}
