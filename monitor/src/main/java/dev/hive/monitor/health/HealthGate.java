package dev.hive.monitor.health;

import dev.hive.monitor.task.TargetGate;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.rack.model.SlotAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target health as the task runner's {@link TargetGate}: the targets due for a health check (UNKNOWN, or GOOD
 * for longer than the interval) are checked first, with the rack the run holds; then a target that is BAD, MAINTENANCE or RETIRED is handed
 * to the runner with the reason (its tests are SKIPPED with it); a run that ends with an infrastructure error
 * makes its GOOD targets UNKNOWN, so they are health-checked before the next user run (never BAD: only a health
 * check quarantines a target).
 */
public final class HealthGate implements TargetGate {
    private static final Logger LOG = LoggerFactory.getLogger(HealthGate.class);
    private static final int MAX_REASON_CHARS = 300;

    private final TargetHealth health;
    private final Optional<HealthChecks> checks;

    /** @param checks the health checks run ahead of a run on the targets due; empty: none */
    public HealthGate(TargetHealth health, Optional<HealthChecks> checks) {
        this.health = health;
        this.checks = checks;
    }

    @Override
    public RackDescription admit(long runId, RackDescription description) {
        if (checks.isPresent()) {
            try {
                List<HealthChange> changes = checks.get().checkDue();
                if (!changes.isEmpty()) {
                    LOG.info("run {}: {} health check(s) ran first", runId, changes.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the run is being interrupted; the check changed nothing
            } catch (RuntimeException e) {
                LOG.warn("run {}: the health checks failed to run", runId, e);
            }
        }
        List<StackDescription> stacks = new ArrayList<>();
        for (StackDescription stack : description.stacks()) {
            List<SlotDescription> slots = new ArrayList<>();
            for (SlotDescription slot : stack.slots()) {
                slots.add(admit(runId, stack.index(), slot));
            }
            stacks.add(new StackDescription(stack.index(), stack.name(), slots));
        }
        return new RackDescription(description.name(), description.capabilities(), description.channels(), stacks);
    }

    private SlotDescription admit(long runId, int stack, SlotDescription slot) {
        TargetDescription target = slot.target();
        if (target == null || target.unavailable() != null) {
            return slot;
        }
        Optional<String> refused = health.status(new SlotAddress(stack, slot.slot()), target.name())
                .unavailableReason();
        if (refused.isEmpty()) {
            return slot;
        }
        LOG.info("run {}: {}; its tests are skipped", runId, refused.get());
        return new SlotDescription(slot.slot(), target.withUnavailable(refused.get()));
    }

    @Override
    public void infrastructureError(long runId, RackDescription admitted, String error) {
        String first = error == null ? "no message" : error.lines().findFirst().orElse("no message");
        if (first.length() > MAX_REASON_CHARS) {
            first = first.substring(0, MAX_REASON_CHARS) + " [...]";
        }
        String why = "run " + runId + " ended with an infrastructure error: " + first;
        for (StackDescription stack : admitted.stacks()) {
            for (SlotDescription slot : stack.slots()) {
                if (slot.target() == null || slot.target().unavailable() != null) {
                    continue;
                }
                SlotAddress address = new SlotAddress(stack.index(), slot.slot());
                try {
                    health.markUnknown(address, HealthChange.Kind.RUN, "run " + runId, why, Optional.of(runId))
                            .ifPresent(c -> LOG.info("target {} in {} is UNKNOWN: {}", c.target(), address, why));
                } catch (RuntimeException e) {
                    LOG.warn("run {}: cannot mark the target in {} UNKNOWN", runId, address, e);
                }
            }
        }
    }
}
