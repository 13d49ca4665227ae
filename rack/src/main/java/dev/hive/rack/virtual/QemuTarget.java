package dev.hive.rack.virtual;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.Emulation;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.testprogram.ElfFile;
import dev.hive.rack.testprogram.ElfSymbol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated board in one target slot: a QEMU process, halted at start, with its GDB stub, QMP and UART on
 * Unix sockets in the run directory.
 *
 * <p>Flashing restarts QEMU with the ELF as its {@code -kernel} image and lets it run. This is the only way
 * this class loads code: writing an image over the stub into a QEMU started with {@code -kernel} would be
 * undone by the next reset on boards whose code memory is RAM. A QEMU that exits without being asked to is
 * reported as {@link TargetHealth#LOST}; {@link #revive()} starts it again with the same image.
 */
final class QemuTarget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QemuTarget.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** How long a started program may take to reach its first timer tick before it is handed over anyway. */
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(2);
    /** The testprogram's timer counter: zero until start-up code and timer set-up have run. */
    private static final String BOOT_MARKER = "hive_counter";

    private final SlotAddress slot;
    private final CatalogTarget target;
    private final ProcessLauncher launcher;
    private final Integer icountShift;
    private final BiConsumer<QemuTarget, String> onLost;
    private final Path gdbSocket;
    private final Path qmpSocket;
    private final Path uartSocket;
    private final Path log;

    /*
     * process and health are written under this object's lock (a flash holds it for as long as QEMU takes to
     * restart, seconds on a loaded machine) and read without it: health() must answer during a flash (the
     * fleet's inventory and the dashboard ask it while a run flashes).
     */
    private volatile Process process;
    private QmpClient qmp;
    private Path image;
    private volatile TargetHealth health = TargetHealth.LOST;
    /** Processes this class killed itself; their exit is not a loss. */
    private final Set<Process> stoppedOnPurpose = new HashSet<>();

    QemuTarget(
            SlotAddress slot,
            CatalogTarget target,
            ProcessLauncher launcher,
            Integer icountShift,
            BiConsumer<QemuTarget, String> onLost) {
        if (target.emulation() == null) {
            throw new IllegalArgumentException(target.name() + " is not an emulated board");
        }
        this.slot = slot;
        this.target = target;
        this.launcher = launcher;
        this.icountShift = icountShift;
        this.onLost = onLost;
        String base = "target-" + slot.stack() + "-" + slot.slot();
        Path dir = launcher.runDirectory();
        this.gdbSocket = dir.resolve(base + ".gdb");
        this.qmpSocket = dir.resolve(base + ".qmp");
        this.uartSocket = dir.resolve(base + ".uart");
        this.log = dir.resolve(base + ".log");
    }

    SlotAddress slot() {
        return slot;
    }

    CatalogTarget target() {
        return target;
    }

    Path gdbSocket() {
        return gdbSocket;
    }

    Path uartSocket() {
        return uartSocket;
    }

    /**
     * The health, checking the process itself so a death is seen before its exit is reported. It takes no lock,
     * so it never waits for a flash or a restart in progress: meanwhile it answers the health the target had
     * before (a reflash stops the old QEMU only after it is no longer {@link #process}).
     */
    TargetHealth health() {
        TargetHealth now = health;
        Process current = process;
        if (now != TargetHealth.LOST && current != null && !current.isAlive()) {
            return TargetHealth.LOST;
        }
        return now;
    }

    synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** Starts QEMU halted with no image (a blank target). */
    synchronized void startBlank() {
        launch(null, false);
    }

    /** Restarts QEMU with {@code elf} as its image and lets the program run. */
    synchronized Duration flash(Path elf) {
        long start = System.nanoTime();
        launch(elf, true);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Makes sure QEMU is there and answering: a target that was lost, or whose QMP socket no longer answers
     * (its process died a moment ago and the exit is not reported yet), is started again with its image.
     */
    synchronized void ensureRunning() {
        if (health() != TargetHealth.LOST) {
            try {
                qmp.status();
                return;
            } catch (IOException e) {
                LOG.warn("target {} ({}) does not answer on QMP: {}", slot, target.name(), e.getMessage());
                health = TargetHealth.LOST;
            }
        }
        revive();
    }

    /** Brings a lost target back with the image it had. */
    private void revive() {
        LOG.info("target {} ({}) is being restarted after it was lost", slot, target.name());
        launch(image, image != null);
    }

    synchronized void reset() {
        qmp("system_reset");
    }

    /** Power off holds the core stopped in reset; power on lets it boot again. */
    synchronized void power(boolean on) {
        if (on) {
            qmp("system_reset");
            if (image != null) {
                qmp("cont");
            }
            health = TargetHealth.READY;
        } else {
            qmp("stop");
            qmp("system_reset");
            health = TargetHealth.POWERED_OFF;
        }
    }

    /** The VM's run state as QEMU reports it, e.g. {@code running} or {@code paused}. */
    synchronized String runState() {
        try {
            return requireQmp().status();
        } catch (IOException e) {
            throw new RackException(
                    "target " + slot + " (" + target.name() + ") does not answer on QMP: " + e.getMessage(), e);
        }
    }

    private void launch(Path elf, boolean run) {
        stop();
        long start = System.nanoTime();
        List<String> command = command(elf);
        try {
            Files.writeString(
                    log, "$ " + String.join(" ", command) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process started = launcher.start(command, log);
            process = started;
            started.onExit().thenAccept(this::exited);
            qmp = awaitQmp(started);
            image = elf;
            if (run) {
                runUntilStarted(qmp, bootMarker(elf));
            }
            health = TargetHealth.READY;
            LOG.info(
                    "target {} ({}) {} in {} ms",
                    slot,
                    target.name(),
                    elf == null ? "started blank" : "flashed with " + elf.getFileName() + " and running",
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            stop();
            health = TargetHealth.LOST;
            throw new RackException(
                    "target " + slot + " (" + target.name() + ") could not be started: " + e.getMessage() + tailOfLog(),
                    e);
        }
    }

    private List<String> command(Path elf) {
        Emulation emulation = target.emulation();
        var command = new ArrayList<String>(List.of(
                emulation.qemu(),
                "-M",
                emulation.machine(),
                "-display",
                "none",
                "-monitor",
                "none",
                "-S",
                "-gdb",
                "unix:" + gdbSocket + ",server=on,wait=off",
                "-qmp",
                "unix:" + qmpSocket + ",server=on,wait=off",
                "-chardev",
                "socket,id=uart0,path=" + uartSocket + ",server=on,wait=off",
                "-serial",
                "chardev:uart0"));
        if (icountShift != null) {
            command.addAll(List.of("-icount", "shift=" + icountShift + ",align=on"));
        }
        command.addAll(emulation.args());
        if (elf != null) {
            command.addAll(List.of("-kernel", elf.toString()));
        }
        return command;
    }

    /**
     * Where the image's {@link #BOOT_MARKER} lies, or -1 when there is no image, it has no such symbol, or it
     * is not an ELF file we can read (QEMU also takes raw images).
     */
    private long bootMarker(Path elf) {
        if (elf == null) {
            return -1;
        }
        try {
            ElfSymbol marker = ElfFile.read(elf).symbols().get(BOOT_MARKER);
            return marker == null ? -1 : marker.address();
        } catch (IOException | RuntimeException e) {
            LOG.debug("target {}: no {} in {}: {}", slot, BOOT_MARKER, elf, e.toString());
            return -1;
        }
    }

    /**
     * Lets the core run and returns once the program has started: with a testprogram, once its timer counter
     * left zero, so start-up code has filled {@code .data} and {@code .bss} before a probe can halt the core.
     * Without that a client that attaches at once may halt a core QEMU has not yet scheduled, and read RAM the
     * program has not initialised. A program that does not get there in {@link #BOOT_TIMEOUT} is handed over
     * as it is, with a warning: a test will tell what is wrong with it. (Power on does not wait: a reset
     * leaves the old counter in RAM, so the marker would not show the new start.)
     */
    private void runUntilStarted(QmpClient client, long bootMarker) throws IOException {
        client.execute("cont", Map.of());
        if (bootMarker < 0) {
            return;
        }
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (client.readPhysicalU32(bootMarker) == 0) {
            if (System.nanoTime() > deadline) {
                LOG.warn(
                        "target {} ({}): {} still 0 {} ms after start; the program may not have started",
                        slot,
                        target.name(),
                        BOOT_MARKER,
                        BOOT_TIMEOUT.toMillis());
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the program to start", e);
            }
        }
    }

    private QmpClient awaitQmp(Process started) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IOException("QEMU exited with status " + started.exitValue());
            }
            if (Files.exists(qmpSocket) && Files.exists(gdbSocket)) {
                try {
                    return QmpClient.connect(qmpSocket);
                } catch (IOException e) {
                    last = e;
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for QEMU", e);
            }
        }
        throw new IOException("QEMU did not open its QMP socket within " + READY_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    private void exited(Process exitedProcess) {
        boolean lost;
        synchronized (this) {
            lost = !stoppedOnPurpose.remove(exitedProcess);
            if (lost && exitedProcess == process) {
                health = TargetHealth.LOST;
                if (qmp != null) {
                    qmp.close();
                    qmp = null;
                }
            }
        }
        if (lost) {
            String reason = "QEMU exited with status " + exitedProcess.exitValue();
            LOG.warn("target {} ({}) lost: {}{}", slot, target.name(), reason, tailOfLog());
            onLost.accept(this, reason);
        }
    }

    private void qmp(String command) {
        try {
            requireQmp().execute(command, Map.of());
        } catch (IOException e) {
            throw new RackException(
                    "target " + slot + " (" + target.name() + "): QMP " + command + " failed: " + e.getMessage(), e);
        }
    }

    private QmpClient requireQmp() {
        if (qmp == null || health() == TargetHealth.LOST) {
            throw new RackException(
                    "target " + slot + " (" + target.name() + ") is lost; connect to it to bring it back");
        }
        return qmp;
    }

    /**
     * Stops QEMU and removes its sockets. An emulated board holds nothing worth a graceful quit (no disk, no
     * host state), so it is killed outright: that keeps a reflash fast.
     */
    synchronized void stop() {
        Process old = process;
        process = null; // before it dies, so that health() does not see a dying process as a lost target
        if (old != null) {
            stoppedOnPurpose.add(old);
        }
        if (qmp != null) {
            qmp.close();
            qmp = null;
        }
        if (old != null) {
            try {
                old.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path socket : List.of(gdbSocket, qmpSocket, uartSocket)) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", socket, e.toString());
            }
        }
    }

    private String tailOfLog() {
        try {
            String text = Files.readString(log);
            String tail = text.length() > 800 ? text.substring(text.length() - 800) : text;
            return tail.isBlank() ? "" : "; QEMU said: " + tail.strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void close() {
        stop();
        health = TargetHealth.LOST;
    }
}
