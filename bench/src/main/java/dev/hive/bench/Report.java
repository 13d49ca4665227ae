package dev.hive.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Collects benchmark rows and prints them as one aligned table. */
final class Report {

    private record Row(String scenario, String figure, String target) {}

    private final List<Row> rows = new ArrayList<>();

    /** Adds a row and prints it at once, so that a later scenario's failure does not lose it. */
    void add(String scenario, String figure, String target) {
        rows.add(new Row(scenario, figure, target));
        System.out.println("bench: " + scenario + ": " + figure + (target.isEmpty() ? "" : "  " + target));
    }

    void print(PrintStream out) {
        int a = Math.max(
                8, rows.stream().mapToInt(r -> r.scenario().length()).max().orElse(0));
        int b = Math.max(
                6, rows.stream().mapToInt(r -> r.figure().length()).max().orElse(0));
        String format = "%-" + a + "s  %-" + b + "s  %s%n";
        out.printf(format, "scenario", "figure", "target");
        out.printf(format, "-".repeat(a), "-".repeat(b), "------");
        rows.forEach(r -> out.printf(format, r.scenario(), r.figure(), r.target()));
    }

    /** The target column of an issue's target: what it asks, and whether the figure meets it. */
    static String target(String issue, String asked, boolean met) {
        return asked + " (" + issue + "): " + (met ? "met" : "NOT met");
    }

    static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
