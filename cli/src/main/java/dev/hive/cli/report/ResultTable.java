package dev.hive.cli.report;

import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The results of a run as the user reads them: grouped by target, then by probe, each sorted by name, tests sorted
 * by class and name; failures with their message (and stack trace when verbose), skips with their reason, what a
 * test printed and reported under failed tests (under every test when verbose); a probe
 * whose every test was skipped for one reason says so in one line.
 */
public final class ResultTable {

    private static final Comparator<TestResult> BY_TEST = Comparator.comparing(TestResult::className)
            .thenComparing(TestResult::displayName)
            .thenComparing(TestResult::testId);

    private ResultTable() {}

    /** The table's lines. */
    public static List<String> render(List<TestResult> results, Console console, boolean verbose) {
        List<String> lines = new ArrayList<>();
        Map<String, Map<String, List<TestResult>>> byTarget = new TreeMap<>();
        for (TestResult r : results) {
            byTarget.computeIfAbsent(targetLabel(r.cell()), k -> new TreeMap<>())
                    .computeIfAbsent(probeLabel(r.cell()), k -> new ArrayList<>())
                    .add(r);
        }
        for (var target : byTarget.entrySet()) {
            lines.add(console.bold(target.getKey()));
            for (var probe : target.getValue().entrySet()) {
                List<TestResult> tests = probe.getValue();
                tests.sort(BY_TEST);
                lines.add("  " + probe.getKey());
                Set<String> skipReasons = tests.stream()
                        .map(r -> r.status() == TestStatus.SKIPPED ? String.valueOf(r.message()) : null)
                        .collect(Collectors.toSet());
                if (tests.size() > 1 && skipReasons.size() == 1 && !skipReasons.contains(null)) {
                    lines.add("    " + console.yellow("all " + tests.size() + " tests skipped") + ": "
                            + skipReasons.iterator().next());
                    continue;
                }
                int width =
                        tests.stream().mapToInt(r -> testName(r).length()).max().orElse(0);
                for (TestResult r : tests) {
                    lines.add("    " + status(r.status(), console) + "  " + pad(testName(r), width) + "  "
                            + console.dim(Console.duration(r.durationMillis())));
                    if (r.message() != null && r.status() != TestStatus.PASSED) {
                        r.message().lines().forEach(l -> lines.add("             " + l));
                    }
                    if (verbose && r.stackTrace() != null && r.status() != TestStatus.PASSED) {
                        r.stackTrace().lines().forEach(l -> lines.add("             " + console.dim(l)));
                    }
                    boolean failed = r.status() == TestStatus.FAILED || r.status() == TestStatus.ERROR;
                    if (r.output() != null && (verbose || failed)) {
                        lines.addAll(TestOutputLines.of(r.output(), console));
                    }
                }
            }
        }
        return lines;
    }

    /** One line for a test that just finished, for the live view. */
    public static String live(TestResult r, Console console) {
        return live(r, null, console);
    }

    /** As {@link #live(TestResult, Console)}, naming the fleet's rack that ran the test when {@code rack} is set. */
    public static String live(TestResult r, String rack, Console console) {
        String line = status(r.status(), console) + "  " + r.cell().target() + " @ "
                + r.cell().probe() + (rack == null ? "" : " on rack " + rack) + "  " + testName(r) + " "
                + console.dim("(" + Console.duration(r.durationMillis()) + ")");
        if (r.message() != null && r.status() != TestStatus.PASSED) {
            line += ": " + r.message().lines().findFirst().orElse("");
        }
        return line;
    }

    /** A fixed-width, coloured status word. */
    public static String status(TestStatus status, Console console) {
        String word = pad(status.name(), 7);
        return switch (status) {
            case PASSED -> console.green(word);
            case FAILED -> console.red(word);
            case SKIPPED -> console.yellow(word);
            case ERROR -> console.red(word);
        };
    }

    static String targetLabel(Cell cell) {
        return cell.target() + " (stack " + cell.stack() + ", slot " + cell.slot() + ")";
    }

    static String probeLabel(Cell cell) {
        return cell.probe() + " (S/N " + cell.probeSerial() + ", channel " + cell.channel() + ")";
    }

    static String testName(TestResult r) {
        String simple = r.className().substring(r.className().lastIndexOf('.') + 1);
        return simple + " > " + r.displayName();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
