package dev.hive.rack.config;

import dev.hive.rack.catalog.CatalogTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A rack of QEMU boards.
 *
 * @param name the rack's name
 * @param channels how many testchannels (virtual probes) the rack has
 * @param stacks the stacks, each a list of slots; an empty slot is an empty {@link Optional}
 * @param runDirectory the parent of the per-start directory that holds sockets and logs; null for the system temp directory
 * @param icountShift QEMU's {@code -icount shift=N,align=on} throttle, null for none
 */
public record VirtualRackConfig(
        String name, int channels, List<StackConfig> stacks, Path runDirectory, Integer icountShift)
        implements RackConfig {

    public VirtualRackConfig {
        stacks = List.copyOf(stacks);
    }

    /** One stack: a name and its slots in position order. */
    public record StackConfig(String name, List<Optional<CatalogTarget>> slots) {
        public StackConfig {
            slots = List.copyOf(slots);
        }
    }
}
