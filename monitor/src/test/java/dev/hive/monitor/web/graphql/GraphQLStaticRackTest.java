package dev.hive.monitor.web.graphql;

import static dev.hive.monitor.web.graphql.InProcess.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.config.StaticRackConfig;
import graphql.ExecutionResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reinitialising a static rack with a changed assignment, against a real monitor whose rack file names a
 * probe this machine does not have: the rack is started again with the swapped board (and built for it), and
 * the absent probe shows in the flash status, as at start.
 */
class GraphQLStaticRackTest {

    static final String RACK_FILE =
            """
            name: gql-static
            backend: static
            channels:
              - probe: {kind: st-link-v2-1, serial: "HIVE-TEST-NO-SUCH-PROBE"}
                target: STM32F401RE
            flasher:
              command: [/bin/true, "{elf}"]
            """;

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static InProcess gql;
    static Viewer maintainer;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir, RACK_FILE, "");
        gql = new InProcess(monitor.monitor.graphQLDependencies());
        maintainer = InProcess.as(monitor.user(GraphQLMonitor.MAINTAINER));
    }

    @AfterAll
    static void stop() {
        if (gql != null) {
            gql.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private StaticRackConfig running() {
        return (StaticRackConfig) monitor.monitor.rack().config();
    }

    @Test
    void aSwappedBoardIsStartedBuiltAndShownAnAbsentProbeNamedAndAnEmptyChannelRefused() {
        gql.data(maintainer, "mutation { assignTarget(stack: 0, slot: 0, target: \"STM32L476RG\") { target } }");
        Map<?, ?> rack = (Map<?, ?>) gql.data(
                        maintainer,
                        "mutation { reinitializeRack { backend stacks { slots { target flashStatus flashMessage } } } }")
                .get("reinitializeRack");
        Map<?, ?> slot = slot(rack);
        assertThat(rack.get("backend")).isEqualTo("static");
        assertThat(slot.get("target")).isEqualTo("STM32L476RG");
        assertThat(slot.get("flashStatus")).as("%s", slot).isEqualTo("ERROR");
        assertThat((String) slot.get("flashMessage")).contains("the probe of channel 0 is absent");
        assertThat(running().channels().get(0).target().name()).isEqualTo("STM32L476RG");
        assertThat(monitor.monitor
                        .rack()
                        .backend()
                        .catalogTarget(new dev.hive.rack.model.SlotAddress(0, 0))
                        .name())
                .isEqualTo("STM32L476RG");
        assertThat(monitor.monitor
                        .graphQLDependencies()
                        .activeBuild()
                        .get()
                        .imageFor(running().channels().get(0).target()))
                .as("the active build has an image for the new board")
                .hasValueSatisfying(image -> assertThat(image.ok()).isTrue());

        ExecutionResult empty = run("mutation { assignTarget(stack: 0, slot: 0, target: null) { state } }");
        assertThat(empty.getErrors()).isEmpty();
        ExecutionResult refused = run("mutation { reinitializeRack { name } }");
        assertThat(codes(refused)).containsOnly("NOT_SUPPORTED");
        assertThat(refused.getErrors().get(0).getMessage())
                .contains("the static rack cannot take the stored assignment")
                .contains("stack 0 slot 0: a static rack wires each channel to one target");
        assertThat(running().channels().get(0).target().name()).isEqualTo("STM32L476RG");

        gql.data(maintainer, "mutation { assignTarget(stack: 0, slot: 0, target: \"STM32F401RE\") { target } }");
        gql.data(maintainer, "mutation { reinitializeRack { name } }");
        assertThat(running().channels().get(0).target().name()).isEqualTo("STM32F401RE");
    }

    @Test
    void anotherProbeIsWiredByItsSerialAndOneWithoutSerialIsRefused() {
        ExecutionResult noSerial = run("mutation { assignProbe(channel: 0, probe: {kind: \"CMSIS_DAP_V2\","
                + " identifier: \"DAPLink\", serial: \"\"}) { index } }");
        assertThat(noSerial.getErrors()).isEmpty();
        ExecutionResult refused = run("mutation { reinitializeRack { name } }");
        assertThat(codes(refused)).containsOnly("NOT_SUPPORTED");
        assertThat(refused.getErrors().get(0).getMessage())
                .contains("channel 0: probe 'DAPLink' (no serial) has no serial number");

        gql.data(
                maintainer,
                "mutation { assignProbe(channel: 0, probe: {kind: \"J_LINK\", identifier: \"J-Link\","
                        + " serial: \"000260999999\"}) { index } }");
        gql.data(maintainer, "mutation { reinitializeRack { name } }");
        assertThat(running().channels().get(0).probe().serial()).isEqualTo("000260999999");
        assertThat(running().channels().get(0).probe().kind()).isEqualTo(dev.hive.rack.model.ProbeKind.J_LINK);
    }

    private ExecutionResult run(String query) {
        return gql.run(maintainer, query);
    }

    private static Map<?, ?> slot(Map<?, ?> rack) {
        List<?> stacks = (List<?>) rack.get("stacks");
        return (Map<?, ?>) ((List<?>) ((Map<?, ?>) stacks.get(0)).get("slots")).get(0);
    }
}
