package dev.hive.rack.virtual;

import dev.hive.rack.backend.ProbeRoute;
import dev.hive.rack.backend.ProbeTakeover;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.backend.RackListener;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Stack;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rack of QEMU boards. {@link #start} launches one halted, blank QEMU per occupied slot (in parallel) and
 * opens the virtual probes; {@link #close} (or a shutdown hook, or the reaper when the JVM is killed) leaves
 * no process and no socket behind.
 */
public final class VirtualRackBackend implements RackBackend {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualRackBackend.class);
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private final VirtualRackConfig config;
    private final ProcessLauncher launcher;
    private final Map<SlotAddress, QemuTarget> targets = new TreeMap<>();
    private final Map<SlotAddress, FlashStatus> flashStatus = new ConcurrentHashMap<>();
    private final List<RackListener> listeners = new CopyOnWriteArrayList<>();
    private final VirtualBusSwitch busSwitch;
    private final ExecutorService workers;
    private final Thread shutdownHook;
    private final Rack rack;
    private volatile boolean closed;

    private VirtualRackBackend(VirtualRackConfig config, Path runDirectory) throws IOException {
        this.config = config;
        this.launcher = new ProcessLauncher(runDirectory);
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "virtual-rack-worker");
            t.setDaemon(true);
            return t;
        });
        var stackNames = config.stacks().stream()
                .map(VirtualRackConfig.StackConfig::name)
                .toList();
        this.busSwitch = new VirtualBusSwitch(runDirectory, config.channels(), stackNames);
        for (int s = 0; s < config.stacks().size(); s++) {
            var slots = config.stacks().get(s).slots();
            for (int p = 0; p < slots.size(); p++) {
                var address = new SlotAddress(s, p);
                slots.get(p).ifPresent(target -> {
                    targets.put(address, new QemuTarget(address, target, launcher, config.icountShift(), this::lost));
                    flashStatus.put(address, FlashStatus.notFlashed());
                });
            }
        }
        this.rack = describe(runDirectory);
        this.shutdownHook = new Thread(this::close, "virtual-rack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the rack: every occupied slot gets a blank, halted QEMU, every channel a virtual probe.
     *
     * @throws RackException naming the target when a QEMU cannot be started; nothing is left running then
     */
    public static VirtualRackBackend start(VirtualRackConfig config) {
        VirtualRackBackend backend = null;
        try {
            Path dir;
            if (config.runDirectory() == null) {
                dir = Files.createTempDirectory("hive-rack-");
            } else {
                Files.createDirectories(config.runDirectory());
                dir = Files.createTempDirectory(config.runDirectory(), "hive-rack-");
            }
            checkSocketPathLength(dir);
            backend = new VirtualRackBackend(config, dir);
            backend.startTargets();
            return backend;
        } catch (IOException e) {
            if (backend != null) {
                backend.close();
            }
            throw new RackException("virtual rack " + config.name() + " cannot start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (backend != null) {
                backend.close();
            }
            throw e;
        }
    }

    private static void checkSocketPathLength(Path dir) {
        int longest = dir.toAbsolutePath().toString().length() + "/target-15-15.uart".length();
        if (longest > MAX_SOCKET_PATH) {
            throw new RackException("run directory " + dir + " is too long for Unix socket paths (" + longest
                    + " bytes, the limit is " + MAX_SOCKET_PATH + "); choose a shorter runDirectory");
        }
    }

    private void startTargets() {
        long start = System.nanoTime();
        runOnAll(targets.values(), target -> {
            target.startBlank();
            return null;
        });
        LOG.info(
                "virtual rack {}: {} target(s) started in {} ms, {} channel(s) in {}",
                config.name(),
                targets.size(),
                (System.nanoTime() - start) / 1_000_000,
                config.channels(),
                launcher.runDirectory());
    }

    private Rack describe(Path runDirectory) {
        var channels = new ArrayList<Testchannel>();
        for (int c = 0; c < config.channels(); c++) {
            var probe = new ProbeInfo(
                    ProbeKind.VIRTUAL_GDB,
                    "Virtual GDB probe " + c,
                    0,
                    0,
                    "hive-virtual-" + c,
                    "unix:" + busSwitch.probeSocket(c));
            channels.add(new Testchannel(c, probe, "unix:" + busSwitch.uartSocket(c)));
        }
        var stacks = new ArrayList<Stack>();
        for (int s = 0; s < config.stacks().size(); s++) {
            var stackConfig = config.stacks().get(s);
            var slots = new ArrayList<TargetSlot>();
            for (int p = 0; p < stackConfig.slots().size(); p++) {
                var address = new SlotAddress(s, p);
                slots.add(stackConfig
                        .slots()
                        .get(p)
                        .map(t -> TargetSlot.known(address, t.info()))
                        .orElse(TargetSlot.empty(address)));
            }
            stacks.add(new Stack(s, stackConfig.name(), slots));
        }
        return new Rack(config.name(), channels, stacks);
    }

    @Override
    public Rack rack() {
        return rack;
    }

    @Override
    public String kind() {
        return "virtual";
    }

    @Override
    public CatalogTarget catalogTarget(SlotAddress slot) {
        return target(slot).target();
    }

    /** The process id of the QEMU behind {@code slot}, while it runs. */
    public Optional<Long> processId(SlotAddress slot) {
        return target(slot).pid();
    }

    /** QEMU's run state of the target in {@code slot}, e.g. {@code running} or {@code paused}. */
    public String runState(SlotAddress slot) {
        return target(slot).runState();
    }

    /** The directory holding the rack's sockets and QEMU logs; it is created per start and removed by close. */
    public Path runDirectory() {
        return launcher.runDirectory();
    }

    @Override
    public Map<SlotAddress, FlashStatus> flash(Map<SlotAddress, Path> images) {
        images.keySet().forEach(this::target);
        for (SlotAddress slot : images.keySet()) {
            busSwitch.channelOf(slot).ifPresent(channel -> {
                throw new RackException(
                        "target " + slot + " is connected to channel " + channel + "; disconnect it before flashing");
            });
        }
        var results = runOnAll(new ArrayList<>(images.entrySet()), entry -> flashOne(entry.getKey(), entry.getValue()));
        var byslot = new LinkedHashMap<SlotAddress, FlashStatus>();
        var entries = new ArrayList<>(images.keySet());
        for (int i = 0; i < entries.size(); i++) {
            byslot.put(entries.get(i), results.get(i));
        }
        return byslot;
    }

    private FlashStatus flashOne(SlotAddress slot, Path elf) {
        FlashStatus status;
        if (!Files.isRegularFile(elf)) {
            status = FlashStatus.error("image " + elf + " does not exist", "");
        } else {
            try {
                Duration took = target(slot).flash(elf);
                status = FlashStatus.ok("flashed " + elf.getFileName() + " in " + took.toMillis() + " ms");
            } catch (RackException e) {
                status = FlashStatus.error(e.getMessage(), "");
            }
        }
        flashStatus.put(slot, status);
        return status;
    }

    @Override
    public FlashStatus flashStatus(SlotAddress slot) {
        target(slot);
        return flashStatus.get(slot);
    }

    @Override
    public TargetHealth health(SlotAddress slot) {
        return target(slot).health();
    }

    @Override
    public void connect(int channel, SlotAddress slot) {
        QemuTarget target = target(slot);
        target.ensureRunning();
        busSwitch.connect(channel, target);
    }

    @Override
    public Optional<ProbeRoute> takeProbe(int channel, ProbeTakeover takeover) {
        return busSwitch.takeProbe(channel, takeover);
    }

    @Override
    public void disconnect(int channel) {
        busSwitch.disconnect(channel);
    }

    @Override
    public Optional<SlotAddress> connection(int channel) {
        return busSwitch.connection(channel);
    }

    @Override
    public void reset(SlotAddress slot) {
        target(slot).reset();
    }

    @Override
    public void power(SlotAddress slot, boolean on) {
        target(slot).power(on);
    }

    private void deleteRunDirectory() {
        try (var files = Files.walk(runDirectory())) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException | UncheckedIOException e) {
            // the reaper was quicker
        } catch (IOException e) {
            LOG.warn("could not remove the run directory {}: {}", runDirectory(), e.toString());
        }
    }

    @Override
    public void addListener(RackListener listener) {
        listeners.add(listener);
    }

    private void lost(QemuTarget target, String reason) {
        busSwitch.targetLost(target.slot());
        for (RackListener listener : listeners) {
            try {
                listener.targetLost(target.slot(), reason);
            } catch (RuntimeException e) {
                LOG.warn("a rack listener failed on target-lost of {}: {}", target.slot(), e.toString());
            }
        }
    }

    /** The board in {@code slot} (package-private: tests hold its lock as a flash does). */
    QemuTarget target(SlotAddress slot) {
        if (closed) {
            throw new RackException("virtual rack " + config.name() + " is stopped");
        }
        QemuTarget target = targets.get(slot);
        if (target == null) {
            throw new RackException(
                    rack.slot(slot).isPresent()
                            ? "slot " + slot + " is empty"
                            : "there is no slot " + slot + " on rack " + config.name());
        }
        return target;
    }

    private <T, R> List<R> runOnAll(Collection<T> items, Function<T, R> action) {
        var futures = new ArrayList<Future<R>>();
        for (T item : items) {
            futures.add(workers.submit(() -> action.apply(item)));
        }
        var results = new ArrayList<R>();
        RuntimeException failure = null;
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r
                            ? r
                            : new RackException(e.getCause().toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RackException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        busSwitch.close();
        for (QemuTarget target : targets.values()) {
            try {
                target.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping target {}: {}", target.slot(), e.toString());
            }
        }
        workers.shutdownNow();
        launcher.close();
        deleteRunDirectory();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: this is the hook running
        }
        LOG.info("virtual rack {} stopped", config.name());
    }
}
