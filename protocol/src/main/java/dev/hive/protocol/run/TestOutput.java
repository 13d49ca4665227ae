package dev.hive.protocol.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;
import java.util.List;

/**
 * What a test said while it ran: what it printed on {@code System.out} and {@code System.err}, and what it
 * published through JUnit's {@code TestReporter}. Bounded, so that a result always fits on one IPC line: the
 * runner cuts each stream to {@value #MAX_STREAM_CHARS} characters with a marker saying how much it dropped,
 * and keeps the first {@value #MAX_REPORT_ENTRIES} report entries. Control characters other than tab, line
 * feed and carriage return become U+FFFD, so the text is safe on a terminal and in XML.
 *
 * @param stdout what the test printed on standard output; empty when nothing
 * @param stderr what the test printed on standard error; empty when nothing
 * @param reports the report entries, in the order they were published
 */
public record TestOutput(@Required String stdout, @Required String stderr, @Required List<ReportEntry> reports) {

    /** The most characters of one stream a result carries, its truncation marker included. */
    public static final int MAX_STREAM_CHARS = 64 * 1024;

    /** The most report entries a result carries. */
    public static final int MAX_REPORT_ENTRIES = 100;

    /** The longest key of a report entry. */
    public static final int MAX_KEY_CHARS = 256;

    /** The longest value of a report entry, its truncation marker included. */
    public static final int MAX_VALUE_CHARS = 1024;

    public TestOutput {
        stdout = stream(stdout, "stdout");
        stderr = stream(stderr, "stderr");
        reports = Fields.list(reports, "reports");
        if (reports.size() > MAX_REPORT_ENTRIES) {
            throw new IllegalArgumentException(
                    "reports must hold at most %d entries, held %d".formatted(MAX_REPORT_ENTRIES, reports.size()));
        }
    }

    /** Whether the test said nothing at all. */
    @JsonIgnore
    public boolean isEmpty() {
        return stdout.isEmpty() && stderr.isEmpty() && reports.isEmpty();
    }

    private static String stream(String text, String field) {
        Fields.required(text, field);
        if (text.length() > MAX_STREAM_CHARS) {
            throw new IllegalArgumentException(
                    "%s must be at most %d characters, was %d".formatted(field, MAX_STREAM_CHARS, text.length()));
        }
        return printable(text);
    }

    /** {@code text} with every control character but tab, line feed and carriage return replaced by U+FFFD. */
    static String printable(String text) {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0);
            if (control) {
                if (clean == null) {
                    clean = new StringBuilder(text);
                }
                clean.setCharAt(i, '\ufffd');
            }
        }
        return clean == null ? text : clean.toString();
    }
}
