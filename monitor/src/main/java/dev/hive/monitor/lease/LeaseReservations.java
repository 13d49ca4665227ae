package dev.hive.monitor.lease;

import dev.hive.monitor.health.CheckClaims;
import dev.hive.monitor.task.RackReservations;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What leases hold back from batch runs. A held lease (open, or ended and not yet reflashed) takes its target,
 * its channel, and the bus of its target's stack (a stack is connected to one channel at a time, and the lease's
 * channel is connected to it): a run started meanwhile sees neither the channel's probe nor any target of that
 * stack, and its log says which lease holds them until when. A run that is in progress owns the rack until it
 * ends, so a lease is granted between runs only ({@link #refusal}); one asked for with {@code wait} is granted when
 * the run ends, before the next run begins ({@link #end}). A health check between runs claims its target for as
 * long as it runs ({@link CheckClaims}): a lease asked for meanwhile waits for it ({@link #awaitChecks}), since the
 * check connects a channel to the target and disconnects it at its end. All methods are synchronized: granting a
 * lease, starting a run and starting a check exclude each other.
 */
public final class LeaseReservations implements RackReservations, CheckClaims {

    /** How long a lease request waits for a health check in progress; a check ends within 30 s (its own bound). */
    static final Duration CHECK_WAIT = Duration.ofSeconds(45);

    private final Map<Long, Lease> held = new LinkedHashMap<>();
    private final Set<SlotAddress> checking = new HashSet<>();
    private OptionalLong run = OptionalLong.empty();
    private volatile LongConsumer onRunEnd;

    /** Why a lease of {@code slot} on {@code channel} cannot be granted now; empty when it can. */
    synchronized Optional<String> refusal(SlotAddress slot, int channel) {
        if (run.isPresent()) {
            return Optional.of("run " + run.getAsLong() + " is using the rack; a lease is granted between runs:"
                    + " ask with wait (hive lease/gdb/console --wait) to have it granted when the run ends");
        }
        return leaseRefusal(slot, channel);
    }

    /** Why another lease keeps {@code slot} on {@code channel} from being leased; empty when none does. */
    synchronized Optional<String> leaseRefusal(SlotAddress slot, int channel) {
        for (Lease l : held.values()) {
            if (l.slot().equals(slot)) {
                return Optional.of(describe(l, "target " + slot + " is"));
            }
            if (l.channel() == channel) {
                return Optional.of(describe(l, "channel " + channel + " is"));
            }
            if (l.slot().stack() == slot.stack()) {
                return Optional.of(describe(l, "stack " + slot.stack() + " (its bus) is"));
            }
        }
        return Optional.empty();
    }

    private static String describe(Lease l, String what) {
        return l.open()
                ? what + " leased (lease " + l.id() + " by " + l.holder() + " until " + l.expiresAt() + ")"
                : what + " being restored after lease " + l.id();
    }

    /** The held lease of {@code slot} or {@code channel}, if any. */
    synchronized Optional<Lease> holding(SlotAddress slot, int channel) {
        return held.values().stream()
                .filter(l -> l.slot().equals(slot) || l.channel() == channel)
                .findFirst();
    }

    /** Whether a lease holds {@code slot}'s stack (its bus): nothing else may connect a target of it. */
    @Override
    public synchronized boolean held(SlotAddress slot) {
        return held.values().stream().anyMatch(l -> l.slot().stack() == slot.stack());
    }

    @Override
    public synchronized boolean claim(SlotAddress slot) {
        return !held(slot) && checking.add(slot);
    }

    @Override
    public synchronized void release(SlotAddress slot) {
        checking.remove(slot);
        notifyAll();
    }

    /** The slot of a health check in progress, if any. */
    synchronized Optional<SlotAddress> checkInProgress() {
        return checking.stream().findFirst();
    }

    /**
     * Waits until no health check is in progress, until {@code deadline} ({@link System#nanoTime()}) at most.
     *
     * @throws LeaseException when one still is (or the wait was interrupted): no lease is granted
     */
    synchronized void awaitChecks(long deadline) {
        long left;
        try {
            while (!checking.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseException(LeaseException.Kind.CONFLICT, "the monitor is stopping; no lease was granted");
        }
        Optional<SlotAddress> check = checkInProgress();
        if (check.isPresent()) {
            throw new LeaseException(
                    LeaseException.Kind.CONFLICT,
                    "a health check of the target in " + check.get() + " has been running for more than "
                            + CHECK_WAIT.toSeconds() + " s; no lease was granted, try again later");
        }
    }

    synchronized void hold(Lease lease) {
        held.put(lease.id(), lease);
    }

    /** The lease's target is restored: it and its channel go back to batch runs. */
    synchronized void free(long leaseId) {
        held.remove(leaseId);
    }

    synchronized List<Lease> held() {
        return List.copyOf(held.values());
    }

    /** The run that holds the rack, from its start until its targets are reflashed after it. */
    synchronized OptionalLong run() {
        return run;
    }

    @Override
    public synchronized void begin(long runId) {
        run = OptionalLong.of(runId);
    }

    /**
     * Run {@code runId} is over. With a run-end hook ({@link Leases}: pending leases are granted now, on the task
     * runner's thread, before it takes the next run), the hook ends it through {@link #endRun}; this method holds no
     * lock while it calls the hook.
     */
    @Override
    public void end(long runId) {
        LongConsumer hook = onRunEnd;
        if (hook != null) {
            hook.accept(runId);
        } else {
            endRun(runId);
        }
    }

    /** The rack is no longer run {@code runId}'s. */
    synchronized void endRun(long runId) {
        if (run.isPresent() && run.getAsLong() == runId) {
            run = OptionalLong.empty();
        }
    }

    /** Called with a run's id instead of {@link #endRun} when it ends; it must call {@link #endRun}. */
    void onRunEnd(LongConsumer hook) {
        onRunEnd = hook;
    }

    @Override
    public synchronized RackDescription describe(long runId, RackDescription rack, Consumer<String> note) {
        if (held.isEmpty()) {
            return rack;
        }
        var channels = new ArrayList<ChannelDescription>();
        for (ChannelDescription c : rack.channels()) {
            Optional<Lease> lease = byChannel(c.index());
            if (lease.isPresent() && c.probe() != null) {
                note.accept("channel " + c.index() + " (probe " + c.probe().identifier() + ") is left out of this run: "
                        + until(lease.get()));
                channels.add(new ChannelDescription(c.index(), null, null));
            } else {
                channels.add(c);
            }
        }
        var stacks = new ArrayList<StackDescription>();
        for (StackDescription s : rack.stacks()) {
            Optional<Lease> lease = byStack(s.index());
            if (lease.isEmpty()) {
                stacks.add(s);
                continue;
            }
            var slots = new ArrayList<SlotDescription>();
            for (SlotDescription slot : s.slots()) {
                if (slot.target() != null) {
                    note.accept("target " + slot.target().name() + " (" + s.index() + "/" + slot.slot()
                            + ") is left out of this run: "
                            + (lease.get().slot().slot() == slot.slot()
                                    ? until(lease.get())
                                    : "its stack's bus is held by " + until(lease.get())));
                }
                slots.add(new SlotDescription(slot.slot(), null));
            }
            stacks.add(new StackDescription(s.index(), s.name(), slots));
        }
        return new RackDescription(rack.name(), rack.capabilities(), channels, stacks);
    }

    private static String until(Lease l) {
        return l.open()
                ? "leased (lease " + l.id() + " by " + l.holder() + ") until " + l.expiresAt()
                : "being restored after lease " + l.id();
    }

    private Optional<Lease> byChannel(int channel) {
        return held.values().stream().filter(l -> l.channel() == channel).findFirst();
    }

    private Optional<Lease> byStack(int stack) {
        return held.values().stream().filter(l -> l.slot().stack() == stack).findFirst();
    }

    @Override
    public Map<SlotAddress, FlashStatus> flash(RackBackend rack, TestprogramBuild build) {
        List<Lease> now = held();
        if (now.isEmpty()) {
            return rack.flash(build);
        }
        var images = new LinkedHashMap<SlotAddress, java.nio.file.Path>();
        var results = new LinkedHashMap<SlotAddress, FlashStatus>();
        for (TargetSlot slot : rack.rack().knownSlots()) {
            if (now.stream().anyMatch(l -> l.slot().stack() == slot.address().stack())) {
                continue; // the lease's stack: not touched while it is held
            }
            var image = build.imageFor(rack.catalogTarget(slot.address()));
            if (image.isPresent() && image.get().ok()) {
                images.put(slot.address(), image.get().elf());
            } else {
                results.put(slot.address(), FlashStatus.error("testprogram has no image for this target", ""));
            }
        }
        results.putAll(rack.flash(images));
        return results;
    }
}
