package dev.hive.monitor.lease;

import dev.hive.rack.model.SlotAddress;
import java.util.Optional;

/**
 * Where leases meet target health (built elsewhere, issue 15 item 4): only GOOD and UNKNOWN targets may be
 * leased, and a target whose lease ended goes to UNKNOWN so a health check returns it to the pool. The
 * composition root wires the health feature in here; {@link #NONE} lets every target be leased and records
 * nothing.
 */
public interface LeaseHealthHook {

    /** Why {@code slot} may not be leased now (e.g. "target 0/1 is BAD: ..."), empty when it may. */
    Optional<String> refusal(SlotAddress slot);

    /** {@code lease} ended and its target was reflashed (or the reflash failed: {@code restored} false). */
    void leaseEnded(Lease lease, boolean restored);

    LeaseHealthHook NONE = new LeaseHealthHook() {
        @Override
        public Optional<String> refusal(SlotAddress slot) {
            return Optional.empty();
        }

        @Override
        public void leaseEnded(Lease lease, boolean restored) {}
    };
}
