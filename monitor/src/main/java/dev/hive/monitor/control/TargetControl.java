package dev.hive.monitor.control;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Powers, resets and flashes single targets for an admin or the target's lease holder. Power and reset are
 * done at once, on the caller's (worker) thread; a flash is queued on this class's own thread and polled by id.
 * Every one takes the rack like a run ({@link RackHold#whileIdle}): refused while a run uses it. After any of
 * them the targets may not hold the testprogram any more, so the next run flashes first. The last {@value
 * #KEPT} operations are kept in memory (a restart forgets them; the log keeps a line for each).
 */
public final class TargetControl implements AutoCloseable {

    static final int KEPT = 200;

    private static final Logger LOG = LoggerFactory.getLogger(TargetControl.class);

    private final RackBackend rack;
    private final RackHold hold;
    private final ControlPermission permission;
    private final Path uploads;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, TargetOperation> operations = new LinkedHashMap<>(); // guarded by this
    private final ExecutorService flasher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hive-target-flash");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param uploads where uploaded ELF files are kept while their flash waits and runs
     */
    public TargetControl(RackBackend rack, RackHold hold, ControlPermission permission, Path uploads, Clock clock) {
        this.rack = rack;
        this.hold = hold;
        this.permission = permission;
        this.uploads = uploads;
        this.clock = clock;
    }

    /** Powers the target off or on. Blocking: call it from a worker. */
    public TargetOperation power(Caller caller, SlotAddress slot, boolean on) {
        return now(caller, slot, on ? OperationKind.POWER_ON : OperationKind.POWER_OFF, () -> {
            rack.power(slot, on);
            return "powered " + (on ? "on" : "off");
        });
    }

    /** Resets the target; it runs its program from the start. Blocking: call it from a worker. */
    public TargetOperation reset(Caller caller, SlotAddress slot) {
        return now(caller, slot, OperationKind.RESET, () -> {
            rack.reset(slot);
            return "reset";
        });
    }

    /**
     * Queues a flash of {@code elf} onto the target and answers the queued operation; poll it with {@link
     * #operation}. Blocking (writes the file): call it from a worker.
     */
    public TargetOperation flash(Caller caller, SlotAddress slot, byte[] elf) {
        check(caller, slot);
        if (elf.length == 0) {
            throw new ControlRefusal(ControlRefusal.Reason.BAD_INPUT, "the ELF file is empty");
        }
        refuseWhileRunning();
        TargetOperation queued = record(new TargetOperation(
                ids.incrementAndGet(),
                slot,
                OperationKind.FLASH,
                OperationState.QUEUED,
                "",
                caller.name(),
                clock.instant(),
                Optional.empty()));
        Path file = uploads.resolve("flash-" + queued.id() + ".elf");
        try {
            Files.createDirectories(uploads);
            Files.write(file, elf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the uploaded ELF in " + uploads, e);
        }
        flasher.execute(() -> runFlash(queued, elf, file));
        return queued;
    }

    /** The operation with {@code id}, while it is among the last {@value #KEPT}. */
    public synchronized Optional<TargetOperation> operation(long id) {
        return Optional.ofNullable(operations.get(id));
    }

    private void runFlash(TargetOperation queued, byte[] elf, Path file) {
        record(queued.running());
        long start = System.nanoTime();
        TargetOperation ended;
        try {
            if (!isElf(elf)) {
                // QEMU and some flashers take any bytes as a raw image; an upload that is no ELF never reaches them
                throw new IllegalArgumentException("not an ELF file: it starts with " + firstBytes(elf)
                        + ", an ELF file with 7f 45 4c 46; the target was not touched");
            }
            FlashStatus status = hold.whileIdle(() -> {
                FlashStatus s = rack.flash(Map.of(queued.slot(), file)).get(queued.slot());
                hold.targetsChanged();
                return s;
            });
            String text =
                    status.toolOutput().isEmpty() ? status.message() : status.message() + "\n" + status.toolOutput();
            ended = queued.ended(status.isOk(), text, clock.instant());
        } catch (RuntimeException e) {
            ended = queued.ended(false, String.valueOf(e.getMessage()), clock.instant());
        } finally {
            deleteQuietly(file);
        }
        record(ended);
        log(ended, System.nanoTime() - start);
    }

    private static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    private static String firstBytes(byte[] bytes) {
        var out = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            out.append(i > 0 ? " " : "").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }

    private TargetOperation now(Caller caller, SlotAddress slot, OperationKind kind, Supplier<String> work) {
        check(caller, slot);
        refuseWhileRunning();
        long start = System.nanoTime();
        TargetOperation op = new TargetOperation(
                ids.incrementAndGet(),
                slot,
                kind,
                OperationState.RUNNING,
                "",
                caller.name(),
                clock.instant(),
                Optional.empty());
        TargetOperation ended;
        try {
            String text = hold.whileIdle(() -> {
                String done = work.get();
                hold.targetsChanged();
                return done;
            });
            ended = op.ended(true, text, clock.instant());
        } catch (ControlRefusal e) {
            throw e;
        } catch (RuntimeException e) {
            ended = op.ended(false, String.valueOf(e.getMessage()), clock.instant());
        }
        record(ended);
        log(ended, System.nanoTime() - start);
        return ended;
    }

    private void check(Caller caller, SlotAddress slot) {
        if (!permission.allows(caller, slot)) {
            throw new ControlRefusal(
                    ControlRefusal.Reason.FORBIDDEN,
                    "'" + caller.name() + "' may not control target " + slot
                            + ": admins and the holder of its open lease only");
        }
        Optional<TargetSlot> found = rack.rack().slot(slot);
        if (found.isEmpty() || found.get().knownTarget().isEmpty()) {
            throw new ControlRefusal(
                    ControlRefusal.Reason.NO_TARGET,
                    found.isEmpty()
                            ? "there is no slot " + slot + " in this rack"
                            : "slot " + slot + " holds no target");
        }
    }

    private void refuseWhileRunning() {
        hold.currentRun().ifPresent(run -> {
            throw new ControlRefusal(
                    ControlRefusal.Reason.BUSY, "run " + run + " is using the rack; try again when it has ended");
        });
    }

    private synchronized TargetOperation record(TargetOperation op) {
        operations.put(op.id(), op);
        while (operations.size() > KEPT) {
            operations.remove(operations.keySet().iterator().next());
        }
        return op;
    }

    private static void log(TargetOperation op, long nanos) {
        String line = "target " + op.slot() + ": " + op.kind() + " by '" + op.requestedBy() + "' " + op.state() + " in "
                + nanos / 1_000_000 + " ms";
        if (op.state() == OperationState.SUCCEEDED) {
            LOG.info(line);
        } else {
            LOG.warn("{}: {}", line, op.output());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        flasher.shutdownNow();
        try {
            flasher.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
