package dev.hive.example.rsp.live;

import dev.hive.example.rsp.RspEndpoint;
import dev.hive.example.rsp.RspOptions;
import dev.hive.example.rsp.RspSession;
import dev.hive.example.rsp.RspTransport;
import dev.hive.example.rsp.RspTransports;
import dev.hive.example.rsp.StopReply;
import dev.hive.rack.model.SlotAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scratch: stress breakpoint + clear + step and log the wire around failures. */
class StepFlakeScratchTest {

    static final String RACK =
            """
            name: scratch
            backend: virtual
            channels: 1
            stacks:
              - name: a
                targets: [%s]
            """;

    @TempDir
    Path work;

    static final class Recorder implements RspTransport {
        final RspTransport inner;
        final List<String> log = new ArrayList<>();
        final long t0 = System.nanoTime();

        Recorder(RspTransport inner) {
            this.inner = inner;
        }

        synchronized void mark(String s) {
            log.add(String.format("%8.3f ms  ## %s", (System.nanoTime() - t0) / 1e6, s));
        }

        @Override
        public int read(byte[] buffer, long timeoutMillis) throws IOException {
            int n = inner.read(buffer, timeoutMillis);
            if (n > 0) {
                synchronized (this) {
                    log.add(String.format(
                            "%8.3f ms  <- %s",
                            (System.nanoTime() - t0) / 1e6,
                            new String(buffer, 0, n, StandardCharsets.ISO_8859_1).replace("\u0003", "\\x03")));
                }
            }
            return n;
        }

        @Override
        public void write(byte[] data) throws IOException {
            synchronized (this) {
                log.add(String.format(
                        "%8.3f ms  -> %s",
                        (System.nanoTime() - t0) / 1e6,
                        new String(data, StandardCharsets.ISO_8859_1).replace("\u0003", "\\x03")));
            }
            inner.write(data);
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    static final String MULTI =
            """
            name: scratch
            backend: virtual
            channels: %d
            stacks:
            %s
            """;

    @Test
    void stress() throws Exception {
        String[] boards = System.getProperty("boards", "lm3s6965evb").split(",");
        int iterations = Integer.getInteger("iterations", 300);
        boolean full = Boolean.getBoolean("full");
        boolean reopen = Boolean.getBoolean("reopen");
        int jitter = Integer.getInteger("jitter", 0);
        StringBuilder rack =
                new StringBuilder("name: scratch\nbackend: virtual\nchannels: " + boards.length + "\nstacks:\n");
        for (int b = 0; b < boards.length; b++) {
            rack.append("  - name: s")
                    .append(b)
                    .append("\n    targets: [")
                    .append(boards[b])
                    .append("]\n");
        }
        try (var live = new LiveRack(rack.toString(), work)) {
            var threads = new ArrayList<Thread>();
            int[] failures = new int[boards.length];
            for (int b = 0; b < boards.length; b++) {
                int c = b;
                Thread t = new Thread(() -> {
                    try {
                        failures[c] = run(live, c, iterations, full, reopen, jitter);
                    } catch (Exception e) {
                        e.printStackTrace();
                        failures[c] = -1;
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            for (int b = 0; b < boards.length; b++) {
                System.out.println(
                        "RESULT board=" + boards[b] + " iterations=" + iterations + " failures=" + failures[b]);
            }
        }
    }

    static void jitter(int max) throws InterruptedException {
        if (max > 0) {
            int us = java.util.concurrent.ThreadLocalRandom.current().nextInt(max * 1000);
            Thread.sleep(us / 1000, (us % 1000) * 1000);
        }
    }

    static int run(LiveRack live, int channel, int iterations, boolean full, boolean reopen, int jitter)
            throws Exception {
        SlotAddress slot = new SlotAddress(channel, 0);
        live.rack.connect(channel, slot);
        int failures = 0;
        Recorder rec = null;
        RspSession s = null;
        try {
            for (int i = 0; i < iterations; i++) {
                if (s == null) {
                    rec = new Recorder(
                            RspTransports.open(RspEndpoint.parse(live.probe(channel)), Duration.ofSeconds(5)));
                    rec.mark("open");
                    s = RspSession.open(rec, RspOptions.defaults());
                } else {
                    synchronized (rec) {
                        rec.log.clear();
                    }
                }
                rec.mark("iteration " + i);
                var checks = new TestprogramChecks(s, live.image(slot));
                if (full) {
                    checks.constants(live.build.uid());
                    checks.counterAdvances();
                    checks.mailboxRoundTrip(0x1234_0000L + i);
                }
                long tick = checks.symbol("hive_tick");
                s.setBreakpoint(tick);
                s.resume();
                StopReply bp = s.waitForStop(Duration.ofSeconds(5));
                long pcBp = s.pc();
                rec.mark("breakpoint stop " + bp + " pc=" + Long.toHexString(pcBp));
                jitter(jitter);
                s.clearBreakpoint(tick);
                long before = s.pc();
                jitter(jitter);
                rec.mark("step");
                StopReply st = s.step();
                long after = s.pc();
                long xpsr = s.readRegister("xpsr");
                rec.mark("after step " + st + " pc=" + Long.toHexString(after) + " xpsr=" + Long.toHexString(xpsr));
                if (after == before || pcBp != tick) {
                    failures++;
                    synchronized (System.out) {
                        System.out.println("FAILURE channel " + channel + " iteration " + i + ": before="
                                + Long.toHexString(before) + " after=" + Long.toHexString(after));
                        synchronized (rec) {
                            rec.log.forEach(l -> System.out.println("   " + l));
                        }
                    }
                }
                if (reopen) {
                    s.detach();
                    s = null;
                }
            }
        } finally {
            if (s != null) {
                s.detach();
            }
        }
        return failures;
    }
}
