package dev.hive.bench;

import dev.hive.example.rsp.RspSession;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.rack.virtual.VirtualRackBackend;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The virtual rack: host CPU of eight idle targets (WFI build against a busy-loop build of the same
 * program), time for one target to be ready (QEMU up, flashed, stub answering), and flashing every target in
 * parallel against one by one.
 */
public final class RackBench {

    static final String RACK =
            """
            name: bench
            backend: virtual
            channels: 1
            stacks:
              - name: a
                targets: [stm32vldiscovery, netduinoplus2, lm3s6965evb, microbit]
              - name: b
                targets: [mps2-an385, mps2-an500, mps2-an505, sifive_e]
            """;

    private final boolean quick;
    private final Report report;

    RackBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        var report = new Report();
        new RackBench(quick, report).run();
        System.out.println();
        report.print(System.out);
    }

    void run() throws Exception {
        var catalog = TargetCatalog.builtin();
        var config = (VirtualRackConfig) new RackFile(catalog).parse(RACK, "bench rack");
        List<CatalogTarget> targets = config.stacks().stream()
                .flatMap(s -> s.slots().stream())
                .flatMap(Optional::stream)
                .toList();
        Path work = Files.createTempDirectory("hive-bench-");
        var builder = new TestprogramBuilder(work, Toolchains.fromPath());
        var source = new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles());
        TestprogramBuild idle = require(builder.build(source, targets));
        TestprogramBuild busy = require(builder.build(source, targets, Map.of("HIVE_IDLE_BUSY", "1")));
        try (var rack = VirtualRackBackend.start(config)) {
            idleCpu(rack, idle, busy);
            readyTime(rack, idle);
            parallelFlash(rack, idle);
        }
    }

    private void idleCpu(VirtualRackBackend rack, TestprogramBuild idle, TestprogramBuild busy) throws Exception {
        Duration window = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        rack.flash(idle);
        double wfi = cpuCores(rack, window);
        rack.flash(busy);
        double spin = cpuCores(rack, window);
        rack.flash(idle); // the scenarios after this one measure time, not CPU: give them an idle rack
        int n = rack.rack().knownSlots().size();
        report.add(n + " idle targets, WFI build", "%.1f %% of one core".formatted(wfi * 100), "< 50 %");
        report.add(n + " targets, busy-loop build", "%.1f %% of one core".formatted(spin * 100), "(comparison)");
        report.add("busy-loop / WFI host CPU", "%.1fx".formatted(spin / wfi), "");
    }

    private void readyTime(VirtualRackBackend rack, TestprogramBuild idle) throws Exception {
        SlotAddress slot = new SlotAddress(0, 0);
        Path elf = build(rack, idle, slot);
        long magicAddress = idle.imageFor(rack.catalogTarget(slot))
                .orElseThrow()
                .symbol("hive_header")
                .orElseThrow()
                .address();
        var times = new ArrayList<Double>();
        var flashTimes = new ArrayList<Double>();
        int rounds = quick ? 3 : 15;
        for (int i = 0; i < rounds; i++) {
            rack.disconnect(0);
            long start = System.nanoTime();
            rack.flash(Map.of(slot, elf));
            flashTimes.add((System.nanoTime() - start) / 1e6);
            rack.connect(0, slot);
            try (var session =
                    RspSession.open(rack.rack().channels().get(0).probe().endpoint())) {
                if (session.readU32(magicAddress) != 0xC0FFEE00L) {
                    throw new IllegalStateException("the flashed target does not show the testprogram's magic");
                }
                times.add((System.nanoTime() - start) / 1e6);
                session.detach();
            }
        }
        rack.disconnect(0);
        report.add(
                "target ready (QEMU up, flashed, stub answers), median of " + rounds,
                "%.0f ms (max %.0f)"
                        .formatted(
                                Report.median(times),
                                times.stream().mapToDouble(d -> d).max().orElse(0)),
                "< 300 ms");
        report.add(
                "  of which QEMU restarted with the image and QMP answering",
                "%.0f ms".formatted(Report.median(flashTimes)),
                "");
    }

    private void parallelFlash(VirtualRackBackend rack, TestprogramBuild idle) {
        Map<SlotAddress, Path> images = images(rack, idle);
        var parallel = new ArrayList<Double>();
        var serial = new ArrayList<Double>();
        int rounds = quick ? 1 : 5;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            rack.flash(images);
            parallel.add((System.nanoTime() - start) / 1e6);
            start = System.nanoTime();
            images.forEach((slot, elf) -> rack.flash(Map.of(slot, elf)));
            serial.add((System.nanoTime() - start) / 1e6);
        }
        double p = Report.median(parallel);
        double s = Report.median(serial);
        report.add("flash " + images.size() + " targets in parallel", "%.0f ms".formatted(p), "");
        report.add("flash " + images.size() + " targets one by one", "%.0f ms".formatted(s), "");
        report.add("one-by-one / parallel flash time", "%.2fx".formatted(s / p), "> 1");
    }

    private static double cpuCores(VirtualRackBackend rack, Duration window) throws InterruptedException {
        List<ProcessHandle> qemus = rack.rack().knownSlots().stream()
                .map(TargetSlot::address)
                .map(slot ->
                        ProcessHandle.of(rack.processId(slot).orElseThrow()).orElseThrow())
                .toList();
        Thread.sleep(300);
        long before = cpuNanos(qemus);
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        return (double) (cpuNanos(qemus) - before) / (System.nanoTime() - start);
    }

    private static long cpuNanos(List<ProcessHandle> processes) {
        return processes.stream()
                .mapToLong(p -> p.info()
                        .totalCpuDuration()
                        .map(Duration::toNanos)
                        .orElseThrow(() -> new IllegalStateException("no CPU time readable for process " + p.pid())))
                .sum();
    }

    private static Map<SlotAddress, Path> images(VirtualRackBackend rack, TestprogramBuild build) {
        var images = new LinkedHashMap<SlotAddress, Path>();
        for (TargetSlot slot : rack.rack().knownSlots()) {
            images.put(slot.address(), build(rack, build, slot.address()));
        }
        return images;
    }

    private static Path build(VirtualRackBackend rack, TestprogramBuild build, SlotAddress slot) {
        return build.imageFor(rack.catalogTarget(slot)).orElseThrow().elf();
    }

    private static TestprogramBuild require(TestprogramBuild build) {
        if (!build.ok()) {
            throw new IllegalStateException("the testprogram does not build:\n" + build.output());
        }
        return build;
    }
}
