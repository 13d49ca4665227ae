package dev.hive.rack.physical;

import dev.hive.rack.model.ProbeInfo;
import java.util.Objects;

/** The outcome of looking for a configured probe among the probes found: found, or missing with the reason. */
public sealed interface ProbeMatch {

    /** Exactly one probe fits the selector. */
    record Found(ProbeInfo probe) implements ProbeMatch {
        public Found {
            Objects.requireNonNull(probe, "probe");
        }
    }

    /** No probe, or more than one, fits the selector; {@code reason} says which and what was seen instead. */
    record Missing(String reason) implements ProbeMatch {
        public Missing {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
