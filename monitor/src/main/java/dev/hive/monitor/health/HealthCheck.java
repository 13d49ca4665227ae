package dev.hive.monitor.health;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.Testchannel;
import dev.hive.rack.testprogram.ElfSymbol;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in health check of one target (docs/health.md): flash the current testprogram build onto it, connect a
 * testchannel's probe to it, read {@code hive_uid} through the probe and compare it with the build's {@code
 * HIVE_UID}, let it run and see {@code hive_counter} advance (the timer interrupt, or the busy loop of a board
 * without a timer port), and, where the channel and the testprogram have a UART, ask {@code uid?} and expect its
 * answer. Every step goes to the check's output with its duration.
 *
 * <p>Blocking; the caller holds the rack (no run, no other check), and the channel is free. Every probe and UART
 * step is bounded by {@link #STEP_TIMEOUT}, and the whole check by {@link #CHECK_TIMEOUT}: the check runs on a
 * thread of its own, and when it is not done in time the caller gets the outcome at once (the sockets of the
 * check are closed and its thread interrupted), so a hung check never holds the rack longer than that. A check
 * that timed out while flashing or connecting (the rack's flasher or bus switch: infrastructure) says {@code
 * UNKNOWN}; one that timed out talking to the target (probe, UART) says {@code BAD}.
 */
final class HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RUN_TIME = Duration.ofMillis(300);
    /** How long a timed-out check's thread is given to end after its sockets are closed. */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(2);

    /** The outcome: GOOD (passed), BAD (failed) or UNKNOWN (the infrastructure timed out), with the step log. */
    record Outcome(Health health, String summary, String output) {
        boolean passed() {
            return health == Health.GOOD;
        }
    }

    private final RackBackend rack;
    private final StringBuilder log = new StringBuilder();
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean probeChecked = true;
    private volatile boolean infrastructureStep = true;
    private volatile String currentStep = "start";
    private volatile int connectedChannel = -1;
    private long stepStart;

    HealthCheck(RackBackend rack) {
        this.rack = rack;
    }

    /** Checks the target in {@code slot} with {@code build}. Interrupted: throws, and nothing is decided. */
    Outcome run(SlotAddress slot, TestprogramBuild build) throws InterruptedException {
        return run(slot, build, CHECK_TIMEOUT);
    }

    /** As {@link #run(SlotAddress, TestprogramBuild)}, the whole check bounded by {@code limit}. */
    Outcome run(SlotAddress slot, TestprogramBuild build, Duration limit) throws InterruptedException {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        result.complete(runHere(slot, build));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                "health-check-" + slot);
        worker.setDaemon(true);
        worker.start();
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            String step = currentStep;
            boolean infrastructure = infrastructureStep;
            StringBuilder where = new StringBuilder();
            for (StackTraceElement frame : worker.getStackTrace()) {
                where.append("    at ").append(frame).append('\n');
            }
            LOG.warn("the health check of {} timed out in '{}'; its thread was at:\n{}", slot, step, where);
            abandon(worker, slot);
            String summary = "the check did not end within " + limit.toSeconds() + " s; it was stopped in the step '"
                    + step + "'"
                    + (infrastructure
                            ? " (the rack's flasher or bus switch, not the target)"
                            : " (the target did not answer)");
            String output;
            synchronized (log) {
                log.append("TIMED OUT: ").append(summary).append('\n');
                log.append("  the check's thread was at:\n").append(where);
                output = log.toString();
            }
            return new Outcome(infrastructure ? Health.UNKNOWN : Health.BAD, summary, output);
        } catch (InterruptedException e) {
            abandon(worker, slot);
            throw e;
        }
    }

    /** Stops a check that did not end: closes its sockets, interrupts it, and frees its channel if it cannot. */
    private void abandon(Thread worker, SlotAddress slot) throws InterruptedException {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is all that is wanted
            }
        }
        worker.interrupt();
        worker.join(ABANDON_WAIT.toMillis());
        if (worker.isAlive()) {
            LOG.warn(
                    "the health check of {} did not end after it was stopped (in '{}'); the rack is handed on",
                    slot,
                    currentStep);
            int channel = connectedChannel;
            if (channel >= 0) {
                try {
                    rack.disconnect(channel);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "disconnecting channel {} after the health check of {} failed: {}",
                            channel,
                            slot,
                            e.getMessage());
                }
            }
        }
    }

    private Outcome runHere(SlotAddress slot, TestprogramBuild build) throws InterruptedException {
        try {
            String passed = check(slot, build);
            synchronized (log) {
                return new Outcome(Health.GOOD, passed, log.toString());
            }
        } catch (CheckFailed e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled: " + e.getMessage());
            }
            step("FAILED: " + e.getMessage());
            synchronized (log) {
                return new Outcome(Health.BAD, e.getMessage(), log.toString());
            }
        }
    }

    private String check(SlotAddress slot, TestprogramBuild build) throws CheckFailed, InterruptedException {
        if (build == null || !build.ok()) {
            throw new CheckFailed("no usable testprogram build to flash");
        }
        TestprogramImage image = build.imageFor(rack.catalogTarget(slot))
                .filter(TestprogramImage::ok)
                .orElseThrow(() -> new CheckFailed("the testprogram was not built for this target"));
        begin("flash " + image.elf().getFileName() + " (testprogram " + build.testprogram() + ", HIVE_UID "
                + uid(build.uid()) + ")");
        FlashStatus flashed = rack.flash(Map.of(slot, image.elf())).get(slot);
        if (flashed == null || !flashed.isOk()) {
            throw new CheckFailed("flashing failed: "
                    + (flashed == null ? "no status" : flashed.message() + "\n" + flashed.toolOutput()));
        }
        step("flashed: " + flashed.message());
        Testchannel channel = rack.rack().channels().stream()
                .filter(c -> c.probeInfo().isPresent())
                .filter(c -> rack.connection(c.index()).isEmpty())
                .findFirst()
                .orElseThrow(() -> new CheckFailed("no free testchannel with a probe to attach through"));
        begin("connect channel " + channel.index() + " to " + slot);
        connectedChannel = channel.index();
        try {
            rack.connect(channel.index(), slot);
        } catch (RuntimeException e) {
            connectedChannel = -1;
            throw new CheckFailed("connecting channel " + channel.index() + " failed: " + e.getMessage());
        }
        try {
            step("connected");
            infrastructureStep = false;
            probe(channel, image, build);
            Optional<String> uart = channel.uart();
            if (uart.isEmpty()) {
                step("no UART on channel " + channel.index() + ": not checked");
            } else if (image.symbol("hive_uart_lines").isEmpty()) {
                step("the testprogram has no UART for this target: not checked");
            } else {
                uart(uart.get(), build);
            }
        } finally {
            infrastructureStep = true;
            currentStep = "disconnect channel " + channel.index();
            rack.disconnect(channel.index());
            connectedChannel = -1;
        }
        // The check halted, ran and detached the target: flashed again, a run finds it as its own flash leaves it
        // (no stop left pending in the probe's stub for the runner's first client).
        begin("flash " + image.elf().getFileName() + " again");
        FlashStatus again = rack.flash(Map.of(slot, image.elf())).get(slot);
        if (again == null || !again.isOk()) {
            throw new CheckFailed("flashing after the check failed: "
                    + (again == null ? "no status" : again.message() + "\n" + again.toolOutput()));
        }
        step("flashed: " + again.message());
        boolean uartChecked =
                channel.uart().isPresent() && image.symbol("hive_uart_lines").isPresent();
        return "health check passed: flashed"
                + (probeChecked ? ", HIVE_UID " + uid(build.uid()) + " read, the counter advanced" : "")
                + (uartChecked ? ", the UART answered" : "");
    }

    private void probe(Testchannel channel, TestprogramImage image, TestprogramBuild build)
            throws CheckFailed, InterruptedException {
        long uidAddress = symbol(image, "hive_uid");
        long counterAddress = symbol(image, "hive_counter");
        String endpoint = channel.probeInfo().orElseThrow().endpoint();
        begin("attach through " + endpoint);
        if (endpoint == null || !endpoint.startsWith("unix:")) {
            // a USB probe on a static rack: the monitor speaks no probe protocol but GDB's over a socket
            step("not a GDB socket: HIVE_UID and the counter not checked through this probe");
            probeChecked = false;
            return;
        }
        try (RspProbe probe = RspProbe.open(endpoint, STEP_TIMEOUT)) {
            open.add(probe);
            step("attached; halt reason " + probe.haltReason());
            begin("read hive_uid at 0x" + Long.toHexString(uidAddress));
            long uid = probe.readLittleEndian(uidAddress, 8);
            step("hive_uid = " + uid(uid));
            if (uid != build.uid()) {
                throw new CheckFailed("HIVE_UID read " + uid(uid) + ", expected " + uid(build.uid()));
            }
            long before = probe.readLittleEndian(counterAddress, 4);
            begin("run " + RUN_TIME.toMillis() + " ms (hive_counter = " + before + ")");
            String stop = probe.runFor(RUN_TIME);
            long after = probe.readLittleEndian(counterAddress, 4);
            step("stopped (" + stop + "); hive_counter = " + after);
            if (after == before) {
                throw new CheckFailed("the counter did not advance in " + RUN_TIME.toMillis()
                        + " ms (hive_counter stayed " + before + ")");
            }
            probe.detach();
        } catch (IOException e) {
            throw new CheckFailed("the probe: " + e.getMessage());
        }
    }

    private void uart(String endpoint, TestprogramBuild build) throws CheckFailed, InterruptedException {
        String expected = "hive:uid=" + String.format("%016x", build.uid());
        begin("UART " + endpoint + ": uid?");
        if (!endpoint.startsWith("unix:")) {
            step("not a unix: endpoint: not checked");
            return;
        }
        try (SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            open.add(socket);
            // connected without blocking: a socket server that accepts no one (its backlog full) would block
            // a plain connect for good
            socket.configureBlocking(false);
            if (!socket.connect(UnixDomainSocketAddress.of(Path.of(endpoint.substring(5))))) {
                long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
                while (!socket.finishConnect()) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new CheckFailed("the UART " + endpoint + " took no connection within "
                                + STEP_TIMEOUT.toMillis() + " ms");
                    }
                    Thread.sleep(5);
                }
            }
            socket.configureBlocking(true);
            // Written on the channel itself and before the reader starts: a stream from Channels.newInputStream
            // holds the channel's blockingLock while it waits in read(), and Channels.newOutputStream needs that
            // lock to write, so a reader that got there first blocked the question (and with it the check and
            // the rack) for good, the UART waiting for a question that never came.
            ByteBuffer question = ByteBuffer.wrap("\nuid?\n".getBytes(StandardCharsets.US_ASCII));
            while (question.hasRemaining()) {
                socket.write(question);
            }
            var reader = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(socket), StandardCharsets.US_ASCII));
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                                if (line.startsWith("hive:uid=")) {
                                    return line;
                                }
                            }
                            return null;
                        } catch (IOException e) {
                            return null;
                        }
                    },
                    reading -> { // a thread of its own: the common pool may be busy (it has one thread on 2 cores)
                        Thread t = new Thread(reading, "health-check-uart");
                        t.setDaemon(true);
                        t.start();
                    });
            String line;
            try {
                line = answer.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                line = null;
            } finally {
                socket.close(); // ends the reader
            }
            if (line == null) {
                throw new CheckFailed("the UART did not answer 'uid?' within " + STEP_TIMEOUT.toMillis() + " ms");
            }
            step("answer: " + line.strip());
            if (!line.strip().equals(expected)) {
                throw new CheckFailed("the UART answered '" + line.strip() + "', expected '" + expected + "'");
            }
        } catch (IOException e) {
            throw new CheckFailed("the UART: " + e.getMessage());
        }
    }

    private static long symbol(TestprogramImage image, String name) throws CheckFailed {
        return image.symbol(name)
                .map(ElfSymbol::address)
                .orElseThrow(() -> new CheckFailed("the testprogram has no symbol " + name));
    }

    private static String uid(long uid) {
        return String.format("0x%016x", uid);
    }

    private void begin(String what) {
        currentStep = what;
        synchronized (log) {
            stepStart = System.nanoTime();
            log.append(what).append('\n');
        }
    }

    private void step(String what) {
        synchronized (log) {
            log.append("  ")
                    .append(what)
                    .append(" (")
                    .append((System.nanoTime() - stepStart) / 1_000_000)
                    .append(" ms)\n");
        }
    }

    /** A step failed; the message says which and why. */
    static final class CheckFailed extends Exception {
        CheckFailed(String message) {
            super(message);
        }
    }
}
