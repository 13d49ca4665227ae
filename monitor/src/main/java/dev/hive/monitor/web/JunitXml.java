package dev.hive.monitor.web;

import dev.hive.monitor.task.CellSetup;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestStatus;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run's results as JUnit XML (docs/api.md): one {@code testsuite} per target × probe, sorted by target then
 * probe, with the cell's {@link JunitSuiteProperties}; one {@code testcase} per result, named with the test's
 * display name and its cell ({@code halts() [qemu-cortex-m3 @ probe-0]}) so that tools keying tests by class and
 * name keep every cell's result apart, while {@code classname} stays the test class.
 */
final class JunitXml {

    /** The {@code type} of a failure or error that came without an exception (e.g. a target never usable). */
    static final String NO_EXCEPTION_FAILURE = "hive.failure";

    static final String NO_EXCEPTION_ERROR = "hive.infrastructure";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private JunitXml() {}

    static String render(Run run, List<TestResult> results) {
        Map<CellKey, List<TestResult>> suites = new TreeMap<>();
        for (TestResult r : results) {
            suites.computeIfAbsent(CellKey.of(r), k -> new ArrayList<>()).add(r);
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "hive run " + run.id());
            writeCounts(xml, results);
            int id = 0;
            for (var suite : suites.entrySet()) {
                writeSuite(xml, run, id++, suite.getKey(), suite.getValue());
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** A cell as the suites are keyed and sorted: target, then probe. */
    private record CellKey(String target, String probe) implements Comparable<CellKey> {
        static CellKey of(TestResult r) {
            return new CellKey(r.target().orElse("unknown target"), r.probe().orElse("unknown probe"));
        }

        String label() {
            return target + " @ " + probe;
        }

        @Override
        public int compareTo(CellKey other) {
            return Comparator.comparing(CellKey::target)
                    .thenComparing(CellKey::probe)
                    .compare(this, other);
        }
    }

    private static void writeSuite(XMLStreamWriter xml, Run run, int id, CellKey cell, List<TestResult> results)
            throws XMLStreamException {
        TestResult first = results.get(0);
        String rack = first.setup().map(CellSetup::rack).orElse("unknown");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", text(cell.label()));
        xml.writeAttribute("id", Integer.toString(id));
        xml.writeAttribute("package", text(rack));
        xml.writeAttribute("hostname", text(rack));
        xml.writeAttribute("timestamp", TIMESTAMP.format(startOf(run, results)));
        writeCounts(xml, results);
        xml.writeStartElement("properties");
        for (var property : JunitSuiteProperties.of(run, first).entrySet()) {
            writeProperty(xml, property.getKey(), property.getValue());
        }
        xml.writeEndElement();
        for (TestResult r : results) {
            writeCase(xml, cell, r);
        }
        // Required by the Ant schema at suite level; each test's own output is in its testcase.
        xml.writeEmptyElement("system-out");
        xml.writeEmptyElement("system-err");
        xml.writeEndElement();
    }

    private static void writeCase(XMLStreamWriter xml, CellKey cell, TestResult r) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", text(r.displayName() + " [" + cell.label() + "]"));
        xml.writeAttribute("classname", text(r.className().orElse(r.testId())));
        xml.writeAttribute("time", seconds(r.duration().orElse(Duration.ZERO)));
        List<ReportEntry> reports = r.output().map(TestOutput::reports).orElse(List.of());
        if (!reports.isEmpty()) {
            xml.writeStartElement("properties");
            for (ReportEntry entry : reports) {
                writeProperty(xml, entry.key(), entry.value());
            }
            xml.writeEndElement();
        }
        switch (r.status()) {
            case FAILED -> writeProblem(xml, "failure", r, NO_EXCEPTION_FAILURE);
            case ERROR -> writeProblem(xml, "error", r, NO_EXCEPTION_ERROR);
            case SKIPPED -> {
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", text(r.message().orElse("")));
            }
            case PASSED -> {}
        }
        String stdout = r.output().map(TestOutput::stdout).orElse("");
        String stderr = r.output().map(TestOutput::stderr).orElse("");
        if (!stdout.isEmpty()) {
            writeText(xml, "system-out", stdout);
        }
        if (!stderr.isEmpty()) {
            writeText(xml, "system-err", stderr);
        }
        xml.writeEndElement();
    }

    private static void writeProblem(XMLStreamWriter xml, String element, TestResult r, String noException)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("message", text(r.message().orElse("")));
        xml.writeAttribute("type", r.failureType().orElse(noException));
        if (r.stackTrace().isPresent()) {
            xml.writeCharacters(text(r.stackTrace().get()));
        }
        xml.writeEndElement();
    }

    private static void writeProperty(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", text(name));
        xml.writeAttribute("value", text(value));
    }

    private static void writeText(XMLStreamWriter xml, String element, String content) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(text(content));
        xml.writeEndElement();
    }

    private static void writeCounts(XMLStreamWriter xml, List<TestResult> results) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(results.size()));
        xml.writeAttribute("failures", Long.toString(count(results, TestStatus.FAILED)));
        xml.writeAttribute("errors", Long.toString(count(results, TestStatus.ERROR)));
        xml.writeAttribute("skipped", Long.toString(count(results, TestStatus.SKIPPED)));
        xml.writeAttribute(
                "time",
                seconds(results.stream()
                        .map(r -> r.duration().orElse(Duration.ZERO))
                        .reduce(Duration.ZERO, Duration::plus)));
    }

    /** When the suite's first test started; the run's start (or creation) when no result says. */
    private static Instant startOf(Run run, List<TestResult> results) {
        return results.stream()
                .flatMap(r -> r.startedAt().stream())
                .min(Comparator.naturalOrder())
                .orElse(run.startedAt().orElse(run.createdAt()))
                .truncatedTo(ChronoUnit.SECONDS);
    }

    private static String text(String s) {
        return XmlText.of(s);
    }

    private static long count(List<TestResult> results, TestStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }
}
