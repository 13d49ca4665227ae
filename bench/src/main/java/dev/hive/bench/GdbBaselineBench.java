package dev.hive.bench;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.Emulation;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramBuilder;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.rack.testprogram.Toolchains;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The example's hive checks the way a user without a rack makes them: {@code bench/gdb-baseline/check-targets}, a
 * shell script that starts each of {@link EndToEndBench}'s 8 QEMU boards in turn and drives {@code gdb-multiarch}
 * through the same checks as the example's hive suite. Its wall time against {@code hive test}'s warm wall time on
 * the same 8 targets, measured by {@link EndToEndBench} in the same run.
 */
final class GdbBaselineBench {

    static final Path SCRIPT = Path.of("bench/gdb-baseline/check-targets");

    private static final Pattern SUMMARY = Pattern.compile(
            "^gdb baseline: (\\d+) passed, (\\d+) failed, (\\d+) skipped on (\\d+) boards in (\\d+) ms$",
            Pattern.MULTILINE);

    private final boolean quick;
    private final Report report;

    GdbBaselineBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    /** Measures {@code hive test} with {@link EndToEndBench} first (its rows are printed too), then the script. */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        var report = new Report();
        EndToEndBench.Figures hive = new EndToEndBench(quick, report).run();
        new GdbBaselineBench(quick, report).run(hive);
        System.out.println();
        report.print(System.out);
    }

    /** One run of the script: its wall time as seen from here, and its own count of checks. */
    private record Outcome(long wallMillis, int passed, int skipped, int boards) {}

    void run(EndToEndBench.Figures hive) throws Exception {
        var config = (VirtualRackConfig)
                new RackFile(TargetCatalog.builtin()).parse(EndToEndBench.rack(1), "the end-to-end rack");
        List<CatalogTarget> targets = config.stacks().stream()
                .flatMap(s -> s.slots().stream())
                .flatMap(Optional::stream)
                .toList();
        Path work = Files.createTempDirectory("hive-bench-gdb-");
        try {
            var source = new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles());
            TestprogramBuild build = new TestprogramBuilder(work, Toolchains.fromPath()).build(source, targets);
            if (!build.ok()) {
                throw new IllegalStateException("the testprogram does not build:\n" + build.output());
            }
            Path table = work.resolve("targets.txt");
            Files.write(table, table(config, targets, build));
            Outcome best = null;
            for (int i = 0; i < (quick ? 1 : 3); i++) {
                Outcome o = script(table, work.resolve("script-" + i + ".log"), targets.size());
                if (best == null || o.wallMillis() < best.wallMillis()) {
                    best = o;
                }
            }
            report(best, hive);
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void report(Outcome script, EndToEndBench.Figures hive) {
        var one = hive.one();
        var four = hive.four();
        report.add(
                "gdb baseline: gdb-multiarch script, " + script.boards() + " targets in turn",
                "%d ms wall, %d checks passed (%d skipped)"
                        .formatted(script.wallMillis(), script.passed(), script.skipped()),
                "all pass");
        report.add(
                "  hive test, same targets and checks, warm, 1 / 4 channels",
                "%d ms (%d passed) / %d ms (%d passed)"
                        .formatted(one.wallMillis(), one.passed(), four.wallMillis(), four.passed()),
                "");
        report.add(
                "  script wall / hive test wall, 1 channel",
                "%d ms / %d ms = %.2fx"
                        .formatted(
                                script.wallMillis(), one.wallMillis(), (double) script.wallMillis() / one.wallMillis()),
                Report.target("issue 17", ">= 1.00x: hive test as fast", one.wallMillis() <= script.wallMillis()));
        report.add(
                "  script wall / hive test wall, 4 channels",
                "%d ms / %d ms = %.2fx"
                        .formatted(
                                script.wallMillis(),
                                four.wallMillis(),
                                (double) script.wallMillis() / four.wallMillis()),
                "(comparison; 4x the checks)");
        // 4 channels make every check once per probe: compare what each gets done per second.
        double scriptRate = script.passed() * 1000.0 / script.wallMillis();
        double hiveRate = four.passed() * 1000.0 / four.wallMillis();
        report.add(
                "  checks passed per second, script / hive test 4 channels",
                "%.1f / %.1f = %.2fx".formatted(scriptRate, hiveRate, scriptRate / hiveRate),
                "(comparison)");
    }

    /**
     * The script's table: one line per board with what a user reads off the board's documentation (QEMU machine,
     * memory map) and the build (ELF, HIVE_UID). The QEMU arguments are the virtual rack's for the same rack file.
     */
    private static List<String> table(VirtualRackConfig config, List<CatalogTarget> targets, TestprogramBuild build) {
        var lines = new ArrayList<String>();
        lines.add("# name qemu machine elf arch flash ram uid [qemu args]");
        for (CatalogTarget target : targets) {
            Emulation emulation = target.emulation();
            var args = new ArrayList<>(emulation.args());
            if (config.icountShift() != null) {
                args.addAll(List.of("-icount", "shift=" + config.icountShift() + ",align=on"));
            }
            Path elf = build.imageFor(target).orElseThrow().elf().toAbsolutePath();
            lines.add(String.join(
                    " ",
                    target.name(),
                    emulation.qemu(),
                    emulation.machine(),
                    elf.toString(),
                    target.info().architecture() == Architecture.ARM ? "arm" : "riscv",
                    region(target.info().flash()),
                    region(target.info().ram()),
                    "0x%016x".formatted(build.uid()),
                    String.join(" ", args)));
        }
        return lines;
    }

    private static String region(MemoryRegion region) {
        return "0x%x:0x%x".formatted(region.origin(), region.length());
    }

    private Outcome script(Path table, Path log, int boards) throws Exception {
        var command = new ProcessBuilder(SCRIPT.toAbsolutePath().toString(), table.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process script = command.start();
        try {
            if (!script.waitFor(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException(
                        "the gdb baseline script did not finish in 10 minutes:\n" + Files.readString(log));
            }
            long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String output = Files.readString(log);
            Matcher summary = SUMMARY.matcher(output);
            if (script.exitValue() != 0 || !summary.find()) {
                throw new IllegalStateException(
                        "the gdb baseline script failed (exit " + script.exitValue() + "):\n" + output);
            }
            int ran = Integer.parseInt(summary.group(4));
            if (ran != boards) {
                throw new IllegalStateException(
                        "the gdb baseline script checked " + ran + " boards, not " + boards + ":\n" + output);
            }
            return new Outcome(wall, Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(3)), ran);
        } finally {
            if (script.isAlive()) {
                // the script's trap kills its QEMU on TERM; whatever is still there after that is killed here
                List<ProcessHandle> children = script.descendants().toList();
                script.destroy();
                if (!script.waitFor(10, TimeUnit.SECONDS)) {
                    script.destroyForcibly();
                }
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }
}
