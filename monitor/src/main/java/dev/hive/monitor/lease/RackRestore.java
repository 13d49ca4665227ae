package dev.hive.monitor.lease;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a leased target on the rack: disconnects the lease's channel (the bus switch lets go of the target)
 * and flashes the target with the current testprogram, as the task runner's RESTORING phase does after a run.
 */
public final class RackRestore implements TargetRestore {

    private static final Logger LOG = LoggerFactory.getLogger(RackRestore.class);

    private final RackBackend rack;
    private final Supplier<TestprogramBuild> build;

    public RackRestore(RackBackend rack, Supplier<TestprogramBuild> build) {
        this.rack = rack;
        this.build = build;
    }

    @Override
    public boolean restore(Lease lease) {
        long start = System.nanoTime();
        try {
            rack.disconnect(lease.channel());
            TestprogramBuild current = build.get();
            var image = current == null
                    ? java.util.Optional.<dev.hive.rack.testprogram.TestprogramImage>empty()
                    : current.imageFor(rack.catalogTarget(lease.slot()));
            if (image.isEmpty() || !image.get().ok()) {
                LOG.warn(
                        "lease {}: no testprogram image for {}; the target is not reflashed", lease.id(), lease.slot());
                return false;
            }
            FlashStatus status = rack.flash(Map.of(lease.slot(), image.get().elf()))
                    .getOrDefault(lease.slot(), FlashStatus.error("not flashed", ""));
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (status.isOk()) {
                LOG.info("lease {}: target {} reflashed in {} ms", lease.id(), lease.slot(), ms);
                return true;
            }
            LOG.warn(
                    "lease {}: reflashing target {} failed after {} ms: {}",
                    lease.id(),
                    lease.slot(),
                    ms,
                    status.message());
            return false;
        } catch (RuntimeException e) {
            LOG.warn("lease {}: restoring target {} failed", lease.id(), lease.slot(), e);
            return false;
        }
    }
}
