package dev.hive.bench;

import java.util.List;

/** Runs every benchmark scenario in one process and prints one table: what {@code bench/run} starts. */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        var report = new Report();
        new RackBench(quick, report).run();
        new LeaseBench(quick, report).run();
        new RunnerBench(quick, report).run();
        new MonitorBench(quick, report).run();
        new SubmissionBench(quick, report).run();
        EndToEndBench.Figures hive = new EndToEndBench(quick, report).run();
        new GdbBaselineBench(quick, report).run(hive);
        new BuildBench(quick, report).run();
        new LayoutBuildBench(quick, report).run();
        new OnboardingBench(quick, report).run();
        new FleetBench(quick, report).run();
        System.out.println();
        report.print(System.out);
    }
}
