package dev.hive.bench;

import java.util.ArrayList;
import java.util.List;

/** Runs every benchmark scenario in one process and prints one table: what {@code bench/run} starts. */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        var report = new Report();
        List<String> failed = new ArrayList<>();
        scenario("RackBench", failed, report, () -> new RackBench(quick, report).run());
        scenario("LeaseBench", failed, report, () -> new LeaseBench(quick, report).run());
        scenario("RunnerBench", failed, report, () -> new RunnerBench(quick, report).run());
        scenario("MonitorBench", failed, report, () -> new MonitorBench(quick, report).run());
        scenario("SubmissionBench", failed, report, () -> new SubmissionBench(quick, report).run());
        scenario("EndToEndBench and GdbBaselineBench", failed, report, () -> {
            EndToEndBench.Figures hive = new EndToEndBench(quick, report).run();
            new GdbBaselineBench(quick, report).run(hive);
        });
        scenario("BuildBench", failed, report, () -> new BuildBench(quick, report).run());
        scenario("LayoutBuildBench", failed, report, () -> new LayoutBuildBench(quick, report).run());
        scenario("OnboardingBench", failed, report, () -> new OnboardingBench(quick, report).run());
        scenario("FleetBench", failed, report, () -> new FleetBench(quick, report).run());
        System.out.println();
        report.print(System.out);
        if (!failed.isEmpty()) {
            System.err.println("bench: failed: " + String.join(", ", failed));
            System.exit(1);
        }
    }

    private interface Scenario {
        void run() throws Exception;
    }

    /**
     * Runs one scenario; a failure is printed and noted in the table, and the scenarios after it still run (one
     * flaky run must not lose the figures of a long bench). The process exits 1 at the end if any failed.
     */
    private static void scenario(String name, List<String> failed, Report report, Scenario scenario) {
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            failed.add(name);
            e.printStackTrace();
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            report.add(name, "FAILED: " + e.getClass().getSimpleName() + ": " + message, "");
        }
    }
}
