package dev.hive.rack.backend;

import dev.hive.rack.model.ProbeInfo;
import java.util.List;

/** Finds the debug probes attached to this host. */
public interface ProbeDiscovery {

    /**
     * The probes found now.
     *
     * @return the probes, and human notes on why the list is short (no USB subsystem, no permission, ...)
     */
    Result discover();

    record Result(List<ProbeInfo> probes, List<String> notes) {
        public Result {
            probes = List.copyOf(probes);
            notes = List.copyOf(notes);
        }
    }
}
