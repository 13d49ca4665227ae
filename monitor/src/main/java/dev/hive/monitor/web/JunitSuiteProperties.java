package dev.hive.monitor.web;

import dev.hive.monitor.task.CellSetup;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.Provenance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code <properties>} of one cell's {@code <testsuite>} in the JUnit XML: where the tests ran (rack,
 * target, probe and its serial, channel, stack, slot), what was flashed (testprogram, {@code HIVE_UID}) and what
 * ran (the runner JAR's SHA-256, and the run's provenance). A property whose value is unknown is left out.
 */
final class JunitSuiteProperties {

    private JunitSuiteProperties() {}

    /** The properties of the suite whose first result is {@code first}, in a fixed order. */
    static Map<String, String> of(Run run, TestResult first) {
        Map<String, String> properties = new LinkedHashMap<>();
        Optional<CellSetup> setup = first.setup();
        setup.ifPresent(s -> properties.put("rack", s.rack()));
        first.target().ifPresent(v -> properties.put("target", v));
        first.probe().ifPresent(v -> properties.put("probe", v));
        first.probeSerial().ifPresent(v -> properties.put("probe.serial", v));
        first.channel().ifPresent(v -> properties.put("channel", Integer.toString(v)));
        first.stack().ifPresent(v -> properties.put("stack", Integer.toString(v)));
        first.slot().ifPresent(v -> properties.put("slot", Integer.toString(v)));
        setup.flatMap(CellSetup::testprogram).ifPresent(v -> properties.put("testprogram", v));
        setup.flatMap(CellSetup::hiveUid).ifPresent(v -> properties.put("HIVE_UID", v));
        properties.put("runner.sha256", run.runnerSha256());
        properties.putAll(runProvenance(run));
        return properties;
    }

    /**
     * The run's provenance, as far as the CLI sent it: {@code candidate} (the candidate's Maven coordinates),
     * {@code commit}, {@code branch} and {@code dirty} of its checkout, {@code ci.job.url} and {@code ci.job.name}.
     */
    static Map<String, String> runProvenance(Run run) {
        Map<String, String> properties = new LinkedHashMap<>();
        Provenance p = run.provenance();
        if (p == null) {
            return properties;
        }
        putIfKnown(properties, "candidate", p.candidate());
        putIfKnown(properties, "commit", p.commit());
        putIfKnown(properties, "branch", p.branch());
        putIfKnown(properties, "dirty", p.dirty() == null ? null : p.dirty().toString());
        putIfKnown(properties, "ci.job.url", p.ciJobUrl());
        putIfKnown(properties, "ci.job.name", p.ciJobName());
        return properties;
    }

    private static void putIfKnown(Map<String, String> properties, String name, String value) {
        if (value != null) {
            properties.put(name, value);
        }
    }
}
