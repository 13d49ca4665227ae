package dev.hive.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.report.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class FleetReportTest {

    private static final Instant NOW = Instant.parse("2026-12-07T05:03:15Z");

    private final JsonNode fleet = json(
            """
            {"role": "front",
             "hub": {"rackId": "front", "state": "connected", "since": "2026-12-07T05:01:02Z",
                     "server": "nats://hub:4222"},
             "racks": [{"id": "rack-a", "lab": "lab1", "version": "0.1.0", "live": true, "busy": true,
                        "queueLength": 2, "lastSeen": "2026-12-07T05:03:12Z", "channels": 1,
                        "probes": [{"identifier": "Virtual GDB probe 0", "serial": "hive-virtual-0", "state": "ready"}],
                        "targets": [{"name": "sifive_e", "slot": "0/1", "state": "flashed", "health": "BAD"},
                                    {"name": "lm3s6965evb", "slot": "0/0", "state": "lost", "health": "UNKNOWN"}]},
                       {"id": "rack-b", "lab": "lab2", "version": "0.1.0", "live": false, "busy": false,
                        "queueLength": 0, "lastSeen": "2026-12-07T04:58:15Z", "channels": 1, "probes": [],
                        "targets": [{"name": "netduinoplus2", "slot": "0/0", "state": "flashed"}]}]}
            """);

    @Test
    void listShowsASectionPerRackWithItsTargetsHealthAndWhetherItIsGone() {
        List<String> lines = print((f, out) -> FleetReport.list(f, out, NOW));

        assertThat(lines.get(0))
                .isEqualTo("Fleet: front 'front', hub nats://hub:4222 connected since 2026-12-07T05:01:02Z");
        assertThat(lines).contains("Racks (2, 1 live)");
        assertThat(lines)
                .contains("Rack rack-a (lab lab1, 0.1.0): busy, 2 queued, last seen 2026-12-07T05:03:12Z (3 s ago)")
                .contains("Rack rack-b (lab lab2, 0.1.0): gone (stopped reporting), last seen 2026-12-07T04:58:15Z"
                        + " (300 s ago)")
                .anySatisfy(
                        l -> assertThat(l).startsWith("    sifive_e").endsWith("flashed, health BAD (skipped by runs)"))
                .anySatisfy(l -> assertThat(l).startsWith("    netduinoplus2"));
    }

    @Test
    void statusShowsEachRackInALineWithWhatIsNotReady() {
        List<String> lines = print((f, out) -> FleetReport.status(f, out, NOW));

        assertThat(lines)
                .contains("Racks: 2, 1 live")
                .contains("Rack rack-a (lab lab1, 0.1.0): busy, 2 queued, last seen 2026-12-07T05:03:12Z (3 s ago);"
                        + " 1 of 1 probes ready, 1 of 2 targets ready")
                .contains("    lm3s6965evb: lost");
    }

    @Test
    void aHubThatIsAwaySaysWhy() {
        var away = (com.fasterxml.jackson.databind.node.ObjectNode) fleet.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) away.get("hub"))
                .put("state", "reconnecting")
                .put("reason", "Connection refused");
        away.put("racksError", "the hub is not connected (reconnecting): the racks are as last read");
        List<String> lines = print((f, out) -> FleetReport.hub(away, out));

        assertThat(lines)
                .containsExactly(
                        "Fleet: front 'front', hub nats://hub:4222 reconnecting since 2026-12-07T05:01:02Z"
                                + " (Connection refused)",
                        "  the hub is not connected (reconnecting): the racks are as last read");
    }

    private List<String> print(BiConsumer<JsonNode, Console> report) {
        var out = new StringWriter();
        report.accept(fleet, new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter()), false));
        return out.toString().lines().toList();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
