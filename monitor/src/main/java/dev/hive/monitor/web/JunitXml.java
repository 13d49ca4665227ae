package dev.hive.monitor.web;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run's results as JUnit XML: one {@code testsuite} per target × probe (in order of first result), one
 * {@code testcase} per test, with {@code failure}, {@code error} or {@code skipped} where it applies.
 */
final class JunitXml {

    private JunitXml() {}

    static String render(Run run, List<TestResult> results) {
        Map<String, List<TestResult>> suites = new LinkedHashMap<>();
        for (TestResult r : results) {
            String name =
                    r.target().orElse("unknown target") + " @ " + r.probe().orElse("unknown probe");
            suites.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(r);
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "hive run " + run.id());
            xml.writeAttribute("tests", Integer.toString(results.size()));
            xml.writeAttribute("failures", Long.toString(count(results, TestStatus.FAILED)));
            xml.writeAttribute("errors", Long.toString(count(results, TestStatus.ERROR)));
            xml.writeAttribute("skipped", Long.toString(count(results, TestStatus.SKIPPED)));
            for (var suite : suites.entrySet()) {
                writeSuite(xml, suite.getKey(), suite.getValue());
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void writeSuite(XMLStreamWriter xml, String name, List<TestResult> results)
            throws XMLStreamException {
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", name);
        xml.writeAttribute("tests", Integer.toString(results.size()));
        xml.writeAttribute("failures", Long.toString(count(results, TestStatus.FAILED)));
        xml.writeAttribute("errors", Long.toString(count(results, TestStatus.ERROR)));
        xml.writeAttribute("skipped", Long.toString(count(results, TestStatus.SKIPPED)));
        xml.writeAttribute(
                "time",
                seconds(results.stream()
                        .map(r -> r.duration().orElse(Duration.ZERO))
                        .reduce(Duration.ZERO, Duration::plus)));
        for (TestResult r : results) {
            writeCase(xml, r);
        }
        xml.writeEndElement();
    }

    private static void writeCase(XMLStreamWriter xml, TestResult r) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", r.displayName());
        xml.writeAttribute("classname", r.className().orElse(r.testId()));
        xml.writeAttribute("time", seconds(r.duration().orElse(Duration.ZERO)));
        String element =
                switch (r.status()) {
                    case FAILED -> "failure";
                    case ERROR -> "error";
                    case SKIPPED -> "skipped";
                    case PASSED -> null;
                };
        if (element != null) {
            xml.writeStartElement(element);
            xml.writeAttribute("message", r.message().orElse(""));
            if (r.stackTrace().isPresent()) {
                xml.writeCharacters(r.stackTrace().get());
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static long count(List<TestResult> results, TestStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }
}
