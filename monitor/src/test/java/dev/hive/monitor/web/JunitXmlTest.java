package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.task.CellSetup;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestStatus;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The JUnit XML as CI tools read it: the Ant schema's required parts, and read back by Maven Surefire's own report
 * parser, which keys test cases by class and name.
 */
class JunitXmlTest {

    private static final Instant T0 = Instant.parse("2026-12-06T21:00:00.250Z");
    private static final List<String> TARGETS = List.of("qemu-cortex-m4", "qemu-cortex-m3");
    private static final List<String> PROBES = List.of("probe-1", "probe-0");
    private static final Run RUN = new Run(
            7,
            RunState.FINISHED,
            "{}",
            "ab".repeat(32),
            Optional.empty(),
            T0,
            Optional.of(T0),
            Optional.of(T0.plusSeconds(9)),
            new Run.Summary(4, 2, 1, 1),
            Optional.empty(),
            new Provenance(
                    "fixture.hive:probe-lib:1.2.0",
                    "0123456789abcdef0123456789abcdef01234567",
                    "main",
                    false,
                    "https://ci.example.org/jobs/17",
                    "hive"));

    @Test
    void everyCellKeepsItsOwnTestsForToolsThatKeyByClassAndName() throws Exception {
        String xml = JunitXml.render(RUN, results());

        List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger())
                .parse(new InputStreamReader(
                        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        List<ReportTestCase> cases =
                suites.stream().flatMap(s -> s.getTestCases().stream()).toList();
        assertThat(cases).hasSize(8);
        assertThat(cases).extracting(ReportTestCase::getFullName).doesNotHaveDuplicates();
        assertThat(cases).extracting(ReportTestCase::getFullClassName).containsOnly("dev.example.HaltTest");
        assertThat(cases)
                .extracting(ReportTestCase::getName)
                .contains("halts() [qemu-cortex-m3 @ probe-0]", "reads() [qemu-cortex-m4 @ probe-1]");
        Map<String, ReportTestCase> byName = new HashMap<>();
        cases.forEach(c -> byName.put(c.getName(), c));
        ReportTestCase failed = byName.get("reads() [qemu-cortex-m3 @ probe-0]");
        assertThat(failed.hasFailure()).isTrue();
        assertThat(failed.getFailureType()).isEqualTo("org.opentest4j.AssertionFailedError");
        assertThat(failed.getFailureMessage()).isEqualTo("expected <1> & <2>");
        ReportTestCase broken = byName.get("reads() [qemu-cortex-m4 @ probe-1]");
        assertThat(broken.hasError()).isTrue();
        assertThat(broken.getFailureType()).isEqualTo(JunitXml.NO_EXCEPTION_ERROR);
        assertThat(byName.get("halts() [qemu-cortex-m4 @ probe-0]").hasSkipped())
                .isTrue();
    }

    @Test
    void theAntSchemasRequiredPartsArePresentAndSuitesAreSorted() throws Exception {
        Document doc = parse(JunitXml.render(RUN, results()));

        NodeList suites = doc.getElementsByTagName("testsuite");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            names.add(suite.getAttribute("name"));
            for (String attribute :
                    List.of("name", "timestamp", "hostname", "tests", "failures", "errors", "time", "id", "package")) {
                assertThat(suite.hasAttribute(attribute))
                        .as("testsuite@%s", attribute)
                        .isTrue();
            }
            assertThat(suite.getAttribute("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
            assertThat(suite.getAttribute("hostname")).isEqualTo("bench-rack");
            assertThat(children(suite, "properties")).hasSize(1);
            assertThat(children(suite, "system-out")).hasSize(1);
            assertThat(children(suite, "system-err")).hasSize(1);
            for (Element testcase : children(suite, "testcase")) {
                for (String attribute : List.of("name", "classname", "time")) {
                    assertThat(testcase.hasAttribute(attribute))
                            .as("testcase@%s", attribute)
                            .isTrue();
                }
            }
        }
        assertThat(names)
                .containsExactly(
                        "qemu-cortex-m3 @ probe-0",
                        "qemu-cortex-m3 @ probe-1",
                        "qemu-cortex-m4 @ probe-0",
                        "qemu-cortex-m4 @ probe-1");
        assertThat(((Element) suites.item(0)).getAttribute("timestamp")).isEqualTo("2026-12-06T21:00:00");
        for (String problem : List.of("failure", "error")) {
            NodeList found = doc.getElementsByTagName(problem);
            assertThat(found.getLength()).isPositive();
            for (int i = 0; i < found.getLength(); i++) {
                assertThat(((Element) found.item(i)).getAttribute("type"))
                        .as(problem + "@type")
                        .isNotEmpty();
            }
        }
    }

    @Test
    void suitesCarryTheCellsPropertiesAndCasesWhatTheTestSaid() throws Exception {
        Document doc = parse(JunitXml.render(RUN, results()));

        Element first = (Element) doc.getElementsByTagName("testsuite").item(0);
        Map<String, String> properties =
                properties(children(first, "properties").get(0));
        assertThat(properties)
                .containsExactly(
                        Map.entry("rack", "bench-rack"),
                        Map.entry("target", "qemu-cortex-m3"),
                        Map.entry("probe", "probe-0"),
                        Map.entry("probe.serial", "SN-probe-0"),
                        Map.entry("channel", "0"),
                        Map.entry("stack", "0"),
                        Map.entry("slot", "1"),
                        Map.entry("testprogram", "default"),
                        Map.entry("HIVE_UID", "8dc1dc22b8c201db"),
                        Map.entry("runner.sha256", "ab".repeat(32)),
                        Map.entry("candidate", "fixture.hive:probe-lib:1.2.0"),
                        Map.entry("commit", "0123456789abcdef0123456789abcdef01234567"),
                        Map.entry("branch", "main"),
                        Map.entry("dirty", "false"),
                        Map.entry("ci.job.url", "https://ci.example.org/jobs/17"),
                        Map.entry("ci.job.name", "hive"));

        Element halts = children(first, "testcase").get(0);
        assertThat(halts.getAttribute("name")).isEqualTo("halts() [qemu-cortex-m3 @ probe-0]");
        assertThat(children(halts, "system-out").get(0).getTextContent()).isEqualTo("halting <core> ]]> \ufffd done\n");
        assertThat(children(halts, "system-err").get(0).getTextContent()).isEqualTo("slow halt\n");
        assertThat(properties(children(halts, "properties").get(0))).containsExactly(Map.entry("pc", "0x080001f4"));
        Element reads = children(first, "testcase").get(1);
        assertThat(children(reads, "system-out")).as("no output, no element").isEmpty();
        assertThat(children(reads, "properties")).isEmpty();
    }

    /** Two tests on each of four cells, in arrival order (not sorted): pass/fail/skip/error and some output. */
    private static List<TestResult> results() {
        List<TestResult> results = new ArrayList<>();
        for (String target : TARGETS) {
            for (String probe : PROBES) {
                boolean m3p0 = target.equals("qemu-cortex-m3") && probe.equals("probe-0");
                boolean m4p1 = target.equals("qemu-cortex-m4") && probe.equals("probe-1");
                boolean m4p0 = target.equals("qemu-cortex-m4") && probe.equals("probe-0");
                Optional<TestOutput> said = m3p0
                        ? Optional.of(new TestOutput(
                                "halting <core> ]]> \u0007 done\n",
                                "slow halt\n",
                                List.of(new ReportEntry("pc", "0x080001f4"))))
                        : Optional.empty();
                results.add(result(target, probe, "halts", m4p0 ? TestStatus.SKIPPED : TestStatus.PASSED, said));
                TestStatus reads = m3p0 ? TestStatus.FAILED : m4p1 ? TestStatus.ERROR : TestStatus.PASSED;
                results.add(result(target, probe, "reads", reads, Optional.empty()));
            }
        }
        return results;
    }

    private static TestResult result(
            String target, String probe, String method, TestStatus status, Optional<TestOutput> output) {
        boolean failed = status == TestStatus.FAILED;
        Optional<String> message =
                switch (status) {
                    case FAILED -> Optional.of("expected <1> & <2>");
                    case ERROR -> Optional.of("the testprogram could not be flashed");
                    case SKIPPED -> Optional.of("only for RISCV targets");
                    case PASSED -> Optional.empty();
                };
        int channel = probe.equals("probe-0") ? 0 : 1;
        return new TestResult(
                RUN.id(),
                "[engine:junit-jupiter]/[class:dev.example.HaltTest]/[method:" + method + "()]",
                method + "()",
                Optional.of("dev.example.HaltTest"),
                Optional.of(method),
                Optional.of(channel),
                Optional.of(probe),
                Optional.of("SN-" + probe),
                Optional.of(0),
                Optional.of(target.equals("qemu-cortex-m3") ? 1 : 2),
                Optional.of(target),
                status,
                message,
                failed
                        ? Optional.of("org.opentest4j.AssertionFailedError: expected\n\tat HaltTest.java:12")
                        : Optional.empty(),
                Optional.of(T0.plusMillis(channel * 1000L)),
                Optional.of(Duration.ofMillis(25)),
                failed ? Optional.of("org.opentest4j.AssertionFailedError") : Optional.empty(),
                output,
                Optional.of(new CellSetup("bench-rack", Optional.of("default"), Optional.of("8dc1dc22b8c201db"))));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Map<String, String> properties(Element properties) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Element p : children(properties, "property")) {
            out.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        return out;
    }
}
