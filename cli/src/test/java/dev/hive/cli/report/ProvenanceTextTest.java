package dev.hive.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How {@code hive runs} and {@code hive result} show a run's provenance. */
class ProvenanceTextTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aFullProvenanceGivesShortColumnsAndFullLines() throws Exception {
        ProvenanceText p = ProvenanceText.of(json.readTree("{\"candidate\":\"dev.example:rsp:1.0\","
                + "\"commit\":\"9fceb02d0ae598e95dc970b74767f19372d61af8\",\"branch\":\"main\",\"dirty\":true,"
                + "\"ciJobUrl\":\"https://ci.example/1\",\"ciJobName\":\"CI / hive\"}"));

        assertThat(p.candidate()).isEqualTo("dev.example:rsp:1.0");
        assertThat(p.branch()).isEqualTo("main");
        assertThat(p.commit()).isEqualTo("9fceb02d0ae5+");
        assertThat(p.lines())
                .containsExactly(
                        "Candidate: dev.example:rsp:1.0",
                        "Commit:    9fceb02d0ae598e95dc970b74767f19372d61af8 on main (with uncommitted changes)",
                        "CI job:    CI / hive https://ci.example/1");
    }

    @Test
    void aRunWithoutProvenanceShowsDashesAndNoLines() throws Exception {
        for (String provenance : new String[] {"{}", "null"}) {
            ProvenanceText p = ProvenanceText.of(
                    json.readTree("{\"provenance\":" + provenance + "}").path("provenance"));
            assertThat(p.candidate()).isEqualTo("-");
            assertThat(p.branch()).isEqualTo("-");
            assertThat(p.commit()).isEqualTo("-");
            assertThat(p.lines()).isEmpty();
        }
        ProvenanceText older = ProvenanceText.of(json.readTree("{}").path("provenance")); // an older monitor
        assertThat(older.lines()).isEmpty();
    }
}
