package dev.hive.rack.physical;

import dev.hive.rack.backend.Flasher;
import dev.hive.rack.backend.ProbeDiscovery;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.backend.RackListener;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.config.StaticRackConfig.ChannelConfig;
import dev.hive.rack.config.StaticRackConfig.FlasherConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Stack;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.TargetInfo;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rack of physical probes, each channel wired to one target. There is no bus switch: channel {@code n} is
 * stack {@code n} with one slot, {@code n/0}, and can reach nothing else. Probes are looked for again whenever
 * the rack, a target's health or a flash is asked for, so a probe plugged in later is picked up and one pulled
 * out is reported as lost.
 */
public final class StaticRackBackend implements RackBackend {

    private static final Logger log = LoggerFactory.getLogger(StaticRackBackend.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final String name;
    private final List<Wiring> wirings;
    private final ProbeDiscovery discovery;
    private final List<RackListener> listeners = new CopyOnWriteArrayList<>();
    private final Flasher flasher;
    private final SerialPorts serialPorts;
    private final ExternalReset reset;
    private final Map<SlotAddress, FlashStatus> statuses = new ConcurrentHashMap<>();
    private final Map<Integer, SlotAddress> connections = new ConcurrentHashMap<>();
    private final ExecutorService flashThreads;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object surveyLock = new Object();
    private volatile Survey survey;

    /** One channel and the target wired to it; the lock keeps flash and reset of one target apart. */
    private record Wiring(int channel, ChannelConfig config, SlotAddress slot, ReentrantLock lock) {
        TargetInfo target() {
            return config.target().info();
        }

        String describe() {
            return target().name() + " in slot " + slot;
        }
    }

    /** What was last seen of the probes and UARTs, by channel, with the notes on what is missing. */
    private record Survey(List<ProbeInfo> found, List<ProbeMatch> probes, List<String> uarts, List<String> notes) {}

    /** A backend that lists serial ports through jSerialComm. */
    public StaticRackBackend(StaticRackConfig config, ProbeDiscovery discovery, Flasher flasher) {
        this(config, discovery, flasher, new SerialPorts());
    }

    public StaticRackBackend(
            StaticRackConfig config, ProbeDiscovery discovery, Flasher flasher, SerialPorts serialPorts) {
        this.name = config.name();
        var list = new ArrayList<Wiring>();
        for (int c = 0; c < config.channels().size(); c++) {
            list.add(new Wiring(c, config.channels().get(c), new SlotAddress(c, 0), new ReentrantLock()));
        }
        this.wirings = List.copyOf(list);
        this.discovery = discovery;
        this.flasher = flasher;
        this.serialPorts = serialPorts;
        FlasherConfig tools = config.flasher();
        this.reset = tools == null || tools.resetCommand().isEmpty()
                ? null
                : new ExternalReset(tools.resetCommand(), tools.timeout(), new ExternalTool());
        wirings.forEach(w -> statuses.put(w.slot(), FlashStatus.notFlashed()));
        var threadCount = new AtomicInteger();
        this.flashThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "static-rack-flash-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.survey = look();
        log.info(
                "static rack '{}' with {} channel(s) is up; probes present: {}{}",
                name,
                wirings.size(),
                survey.found().stream().map(ProbeMatcher::describe).toList(),
                survey.notes().isEmpty() ? "" : "; " + String.join("; ", survey.notes()));
    }

    @Override
    public Rack rack() {
        Survey now = refresh();
        var channels = new ArrayList<Testchannel>();
        var stacks = new ArrayList<Stack>();
        for (Wiring w : wirings) {
            ProbeInfo probe = now.probes().get(w.channel()) instanceof ProbeMatch.Found found ? found.probe() : null;
            channels.add(new Testchannel(w.channel(), probe, now.uarts().get(w.channel())));
            stacks.add(
                    new Stack(w.channel(), "channel-" + w.channel(), List.of(TargetSlot.known(w.slot(), w.target()))));
        }
        return new Rack(name, channels, stacks);
    }

    @Override
    public String kind() {
        return "static";
    }

    /**
     * Why the rack as last seen is short of something: probes that are absent or ambiguous, UARTs that are
     * missing, and what discovery itself noticed (no USB, no permission). Empty when everything is there.
     */
    public List<String> notes() {
        return List.copyOf(survey.notes());
    }

    @Override
    public Map<SlotAddress, FlashStatus> flash(Map<SlotAddress, Path> images) {
        checkOpen();
        var jobs = new TreeMap<SlotAddress, Path>(images);
        jobs.keySet().forEach(this::wiring);
        Survey now = refresh();
        long start = System.nanoTime();
        log.info("flashing {} target(s): {}", jobs.size(), jobs.keySet());
        var running = new LinkedHashMap<SlotAddress, Future<FlashStatus>>();
        try {
            jobs.forEach((slot, elf) -> running.put(slot, flashThreads.submit(() -> flashOne(wiring(slot), elf, now))));
        } catch (RejectedExecutionException e) {
            running.values().forEach(f -> f.cancel(true));
            throw new RackException("the static rack '" + name + "' was closed while flashing started", e);
        }
        var results = new LinkedHashMap<SlotAddress, FlashStatus>();
        try {
            for (var entry : running.entrySet()) {
                results.put(entry.getKey(), outcome(entry.getKey(), entry.getValue()));
            }
        } catch (InterruptedException e) {
            running.values().forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new RackException("flashing was interrupted; the targets may hold a partial image", e);
        }
        long ok = results.values().stream().filter(FlashStatus::isOk).count();
        log.info(
                "flashing done in {}: {} ok, {} failed",
                ToolRun.seconds(Duration.ofNanos(System.nanoTime() - start)),
                ok,
                results.size() - ok);
        return results;
    }

    private FlashStatus outcome(SlotAddress slot, Future<FlashStatus> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            var status = FlashStatus.error("flashing " + wiring(slot).describe() + " failed: " + e.getCause(), "");
            statuses.put(slot, status);
            return status;
        }
    }

    private FlashStatus flashOne(Wiring w, Path elf, Survey now) {
        FlashStatus status;
        if (now.probes().get(w.channel()) instanceof ProbeMatch.Missing missing) {
            status = FlashStatus.error(
                    "not flashed: the probe of channel " + w.channel() + " is absent: " + missing.reason(), "");
            log.warn("not flashing {}: {}", w.describe(), missing.reason());
        } else {
            ProbeInfo probe = ((ProbeMatch.Found) now.probes().get(w.channel())).probe();
            w.lock().lock();
            try {
                status = flasher.flash(elf, w.target(), probe);
            } finally {
                w.lock().unlock();
            }
        }
        statuses.put(w.slot(), status);
        return status;
    }

    @Override
    public FlashStatus flashStatus(SlotAddress slot) {
        wiring(slot);
        return statuses.get(slot);
    }

    /** {@link TargetHealth#READY} when the probe wired to the slot is present now, {@link TargetHealth#LOST} otherwise. */
    @Override
    public TargetHealth health(SlotAddress slot) {
        Wiring w = wiring(slot);
        return refresh().probes().get(w.channel()) instanceof ProbeMatch.Found ? TargetHealth.READY : TargetHealth.LOST;
    }

    @Override
    public void connect(int channel, SlotAddress slot) {
        checkOpen();
        Wiring w = channel(channel);
        Wiring wanted = wiring(slot);
        if (wanted != w) {
            throw new RackException("channel " + channel + " cannot reach slot " + slot + " ("
                    + wanted.target().name()
                    + "): a static rack has no bus switch, and channel " + channel + " is wired to "
                    + w.describe() + " only");
        }
        probeOf(w, "connect channel " + channel + " to " + w.describe());
        connections.put(channel, slot);
        log.info("channel {} connected to {}", channel, w.describe());
    }

    @Override
    public void disconnect(int channel) {
        channel(channel);
        if (connections.remove(channel) != null) {
            log.info("channel {} disconnected", channel);
        }
    }

    @Override
    public Optional<SlotAddress> connection(int channel) {
        channel(channel);
        return Optional.ofNullable(connections.get(channel));
    }

    @Override
    public void reset(SlotAddress slot) {
        checkOpen();
        Wiring w = wiring(slot);
        if (reset == null) {
            throw new RackException("cannot reset " + w.describe() + ": this rack has no reset command"
                    + " (add flasher.resetCommand to the rack file)");
        }
        ProbeInfo probe = probeOf(w, "reset " + w.describe());
        w.lock().lock();
        try {
            reset.reset(w.config().target(), probe);
        } finally {
            w.lock().unlock();
        }
    }

    @Override
    public void power(SlotAddress slot, boolean on) {
        Wiring w = wiring(slot);
        throw new RackException(
                "cannot power " + w.describe() + (on ? " on" : " off") + ": a static rack has no switchable power");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        flashThreads.shutdownNow();
        try {
            if (!flashThreads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("static rack '{}': a flash did not stop within {}", name, ToolRun.seconds(CLOSE_WAIT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.clear();
        log.info("static rack '{}' closed", name);
    }

    /** The probe wired to {@code w}; when it was missing, it is looked for once more before giving up. */
    private ProbeInfo probeOf(Wiring w, String what) {
        ProbeMatch match = survey.probes().get(w.channel());
        if (match instanceof ProbeMatch.Missing) {
            match = refresh().probes().get(w.channel());
        }
        if (match instanceof ProbeMatch.Missing missing) {
            throw new RackException(
                    "cannot " + what + ": the probe of channel " + w.channel() + " is absent: " + missing.reason());
        }
        return ((ProbeMatch.Found) match).probe();
    }

    private Survey refresh() {
        checkOpen();
        synchronized (surveyLock) {
            Survey previous = survey;
            Survey now = look();
            if (!now.found().equals(previous.found())) {
                log.info(
                        "static rack '{}': probes present now: {}",
                        name,
                        now.found().isEmpty()
                                ? "none"
                                : now.found().stream()
                                        .map(ProbeMatcher::describe)
                                        .toList());
            }
            for (String note : now.notes()) {
                if (!previous.notes().contains(note)) {
                    log.warn("static rack '{}': {}", name, note);
                }
            }
            survey = now;
            reportLostProbes(previous, now);
            return now;
        }
    }

    private void reportLostProbes(Survey previous, Survey now) {
        for (Wiring w : wirings) {
            if (previous.probes().get(w.channel()) instanceof ProbeMatch.Found
                    && now.probes().get(w.channel()) instanceof ProbeMatch.Missing missing) {
                for (RackListener listener : listeners) {
                    listener.targetLost(new SlotAddress(w.channel(), 0), "the probe vanished: " + missing.reason());
                }
            }
        }
    }

    @Override
    public void addListener(RackListener listener) {
        listeners.add(listener);
    }

    private Survey look() {
        ProbeDiscovery.Result found;
        var notes = new ArrayList<String>();
        try {
            found = discovery.discover();
        } catch (RuntimeException e) {
            found = new ProbeDiscovery.Result(List.of(), List.of());
            notes.add("probe discovery failed: " + e);
        }
        notes.addAll(found.notes());
        var probes = new ArrayList<ProbeMatch>();
        var uarts = new ArrayList<String>();
        for (Wiring w : wirings) {
            ProbeMatch match = w.config().probe().kind() == ProbeKind.NETWORK
                    ? new ProbeMatch.Found(networkProbe(w))
                    : ProbeMatcher.match(w.config().probe(), found.probes());
            if (match instanceof ProbeMatch.Missing missing) {
                notes.add("channel " + w.channel() + " (" + w.target().name() + "): " + missing.reason());
            }
            probes.add(match);
            uarts.add(uartOf(w, notes));
        }
        return new Survey(found.probes(), probes, uarts, notes);
    }

    /**
     * A probe of kind network is not looked for: it is there as far as this host can tell, and its GDB server
     * (started for a lease) says otherwise when it cannot reach it.
     */
    private static ProbeInfo networkProbe(Wiring w) {
        String serial = w.config().probe().serial();
        return new ProbeInfo(
                ProbeKind.NETWORK, "network probe " + serial, 0, 0, serial, "gdb-server:channel-" + w.channel());
    }

    private String uartOf(Wiring w, List<String> notes) {
        String path = w.config().uart();
        if (path == null || path.isBlank()) {
            return null;
        }
        if (serialPorts.find(path).isPresent() || SerialPorts.exists(path)) {
            return "serial:" + path;
        }
        notes.add("channel " + w.channel() + " (" + w.target().name() + "): the UART " + path + " is not present");
        return null;
    }

    @Override
    public CatalogTarget catalogTarget(SlotAddress slot) {
        return wiring(slot).config().target();
    }

    private Wiring wiring(SlotAddress slot) {
        if (slot.slot() != 0 || slot.stack() >= wirings.size()) {
            throw new RackException("slot " + slot + " does not exist: this static rack has the slots 0/0 to "
                    + (wirings.size() - 1) + "/0, one per channel");
        }
        return wirings.get(slot.stack());
    }

    private Wiring channel(int channel) {
        if (channel < 0 || channel >= wirings.size()) {
            throw new RackException(
                    "channel " + channel + " does not exist: this rack has the channels 0 to " + (wirings.size() - 1));
        }
        return wirings.get(channel);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new RackException("the static rack '" + name + "' is closed");
        }
    }
}
