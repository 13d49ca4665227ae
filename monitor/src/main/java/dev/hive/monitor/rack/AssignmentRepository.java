package dev.hive.monitor.rack;

import static dev.hive.monitor.db.generated.Tables.PROBE_ASSIGNMENTS;
import static dev.hive.monitor.db.generated.Tables.TARGET_ASSIGNMENTS;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.ProbeAssignmentsRecord;
import dev.hive.monitor.db.generated.tables.records.TargetAssignmentsRecord;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.TargetState;
import java.util.List;
import java.util.Optional;

/**
 * The stored rack assignment: one row per testchannel that has a probe, one per stack slot. It is replaced
 * as a whole (after healing at start, or when an admin edits the rack); flash outcomes are updated per slot.
 * Plain blocking calls; see {@link Database} for threading.
 */
public final class AssignmentRepository {
    private final Database db;

    public AssignmentRepository(Database db) {
        this.db = db;
    }

    /** The stored probes, by channel. */
    public List<ProbeAssignment> probes() {
        return db.read(d -> d.selectFrom(PROBE_ASSIGNMENTS)
                .orderBy(PROBE_ASSIGNMENTS.CHANNEL)
                .fetch(AssignmentRepository::toProbe));
    }

    /** The stored slots, by stack and slot. */
    public List<TargetAssignment> targets() {
        return db.read(d -> d.selectFrom(TARGET_ASSIGNMENTS)
                .orderBy(TARGET_ASSIGNMENTS.STACK, TARGET_ASSIGNMENTS.SLOT)
                .fetch(AssignmentRepository::toTarget));
    }

    /** Both lists, read under one hold of the database lock so no write slips in between. */
    public RackAssignment load() {
        return db.read(d -> new RackAssignment(probes(), targets()));
    }

    /** Replaces the whole assignment in one transaction; a duplicate channel or slot changes nothing. */
    public void replaceAll(List<ProbeAssignment> probes, List<TargetAssignment> targets) {
        db.write(d -> {
            d.deleteFrom(PROBE_ASSIGNMENTS).execute();
            d.deleteFrom(TARGET_ASSIGNMENTS).execute();
            for (ProbeAssignment p : probes) {
                d.insertInto(PROBE_ASSIGNMENTS)
                        .set(PROBE_ASSIGNMENTS.CHANNEL, p.channel())
                        .set(PROBE_ASSIGNMENTS.KIND, p.kind().name())
                        .set(PROBE_ASSIGNMENTS.IDENTIFIER, p.identifier())
                        .set(PROBE_ASSIGNMENTS.SERIAL, p.serial().isEmpty() ? null : p.serial())
                        .set(PROBE_ASSIGNMENTS.VENDOR_ID, p.vendorId() == 0 ? null : p.vendorId())
                        .set(PROBE_ASSIGNMENTS.PRODUCT_ID, p.productId() == 0 ? null : p.productId())
                        .execute();
            }
            for (TargetAssignment t : targets) {
                d.insertInto(TARGET_ASSIGNMENTS)
                        .set(TARGET_ASSIGNMENTS.STACK, t.stack())
                        .set(TARGET_ASSIGNMENTS.SLOT, t.slot())
                        .set(TARGET_ASSIGNMENTS.STATE, t.state().name())
                        .set(TARGET_ASSIGNMENTS.TARGET_NAME, t.targetName().orElse(null))
                        .set(TARGET_ASSIGNMENTS.FLASH_STATUS, t.flashStatus().name())
                        .set(TARGET_ASSIGNMENTS.FLASH_MESSAGE, t.flashMessage())
                        .execute();
            }
            return null;
        });
    }

    /** Stores one slot (inserted or replaced). */
    public void setTarget(TargetAssignment t) {
        db.write(d -> d.insertInto(TARGET_ASSIGNMENTS)
                .set(TARGET_ASSIGNMENTS.STACK, t.stack())
                .set(TARGET_ASSIGNMENTS.SLOT, t.slot())
                .set(TARGET_ASSIGNMENTS.STATE, t.state().name())
                .set(TARGET_ASSIGNMENTS.TARGET_NAME, t.targetName().orElse(null))
                .set(TARGET_ASSIGNMENTS.FLASH_STATUS, t.flashStatus().name())
                .set(TARGET_ASSIGNMENTS.FLASH_MESSAGE, t.flashMessage())
                .onConflict(TARGET_ASSIGNMENTS.STACK, TARGET_ASSIGNMENTS.SLOT)
                .doUpdate()
                .set(TARGET_ASSIGNMENTS.STATE, t.state().name())
                .set(TARGET_ASSIGNMENTS.TARGET_NAME, t.targetName().orElse(null))
                .set(TARGET_ASSIGNMENTS.FLASH_STATUS, t.flashStatus().name())
                .set(TARGET_ASSIGNMENTS.FLASH_MESSAGE, t.flashMessage())
                .execute());
    }

    /** Stores the probe of one channel, or removes it when {@code probe} is empty. */
    public void setProbe(int channel, Optional<ProbeAssignment> probe) {
        db.write(d -> {
            d.deleteFrom(PROBE_ASSIGNMENTS)
                    .where(PROBE_ASSIGNMENTS.CHANNEL.eq(channel))
                    .execute();
            probe.ifPresent(p -> d.insertInto(PROBE_ASSIGNMENTS)
                    .set(PROBE_ASSIGNMENTS.CHANNEL, channel)
                    .set(PROBE_ASSIGNMENTS.KIND, p.kind().name())
                    .set(PROBE_ASSIGNMENTS.IDENTIFIER, p.identifier())
                    .set(PROBE_ASSIGNMENTS.SERIAL, p.serial().isEmpty() ? null : p.serial())
                    .set(PROBE_ASSIGNMENTS.VENDOR_ID, p.vendorId() == 0 ? null : p.vendorId())
                    .set(PROBE_ASSIGNMENTS.PRODUCT_ID, p.productId() == 0 ? null : p.productId())
                    .execute());
            return null;
        });
    }

    /** Records the outcome of flashing one slot; false when the slot is not stored. */
    public boolean setFlashStatus(int stack, int slot, FlashStatus.Outcome status, String message) {
        return db.write(d -> d.update(TARGET_ASSIGNMENTS)
                        .set(TARGET_ASSIGNMENTS.FLASH_STATUS, status.name())
                        .set(TARGET_ASSIGNMENTS.FLASH_MESSAGE, message == null ? "" : message)
                        .where(TARGET_ASSIGNMENTS.STACK.eq(stack))
                        .and(TARGET_ASSIGNMENTS.SLOT.eq(slot))
                        .execute())
                > 0;
    }

    private static ProbeAssignment toProbe(ProbeAssignmentsRecord r) {
        return new ProbeAssignment(
                r.getChannel(),
                ProbeKind.valueOf(r.getKind()),
                r.getIdentifier(),
                r.getSerial(),
                r.getVendorId() == null ? 0 : r.getVendorId(),
                r.getProductId() == null ? 0 : r.getProductId());
    }

    private static TargetAssignment toTarget(TargetAssignmentsRecord r) {
        return new TargetAssignment(
                r.getStack(),
                r.getSlot(),
                TargetState.valueOf(r.getState()),
                Optional.ofNullable(r.getTargetName()),
                r.getFlashStatus() == null
                        ? FlashStatus.Outcome.NOT_FLASHED
                        : FlashStatus.Outcome.valueOf(r.getFlashStatus()),
                r.getFlashMessage());
    }
}
