package dev.hive.cli.report;

import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import java.util.ArrayList;
import java.util.List;

/** What a test said (its stdout, stderr and report entries) as indented lines under its result. */
final class TestOutputLines {

    private static final String INDENT = "             ";

    private TestOutputLines() {}

    static List<String> of(TestOutput output, Console console) {
        List<String> lines = new ArrayList<>();
        stream(lines, "stdout", output.stdout(), console);
        stream(lines, "stderr", output.stderr(), console);
        for (ReportEntry entry : output.reports()) {
            lines.add(INDENT + console.dim("report ") + entry.key() + " = " + entry.value());
        }
        return lines;
    }

    private static void stream(List<String> lines, String name, String text, Console console) {
        if (text.isEmpty()) {
            return;
        }
        lines.add(INDENT + console.dim(name + ":"));
        text.lines().forEach(l -> lines.add(INDENT + "  " + l));
    }
}
