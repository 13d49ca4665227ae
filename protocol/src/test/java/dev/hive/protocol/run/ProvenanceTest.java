package dev.hive.protocol.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Provenance} is pinned by {@code run/provenance.json}, both ways, and refuses what it cannot store. */
class ProvenanceTest {

    static final Provenance FULL = new Provenance(
            "dev.example:rsp-probe:1.2.0-SNAPSHOT",
            "9fceb02d0ae598e95dc970b74767f19372d61af8",
            "feature/halt-on-reset",
            true,
            "https://github.com/example/rsp-probe/actions/runs/4242",
            "CI / hive");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void goldenFileDecodesToTheRecordAndTheRecordEncodesToIt() throws IOException {
        String golden = golden();
        assertThat(json.readValue(golden, Provenance.class)).isEqualTo(FULL);
        assertThat(json.readTree(json.writeValueAsString(FULL))).isEqualTo(json.readTree(golden));
    }

    @Test
    void everyFieldIsOptionalAndAbsentFieldsAreLeftOut() throws IOException {
        assertThat(json.readValue("{}", Provenance.class)).isEqualTo(Provenance.NONE);
        assertThat(json.writeValueAsString(Provenance.NONE)).isEqualTo("{}");
        assertThat(json.writeValueAsString(new Provenance(null, "abcdef0", null, false, null, null)))
                .isEqualTo("{\"commit\":\"abcdef0\",\"dirty\":false}");
    }

    @Test
    void malformedOrOverlongValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new Provenance("just-a-name", null, null, null, null, null))
                .hasMessage("candidate must be groupId:artifactId:version, was 'just-a-name'");
        assertThatThrownBy(() -> new Provenance("a:b:c:d", null, null, null, null, null))
                .hasMessageStartingWith("candidate must be groupId:artifactId:version");
        assertThatThrownBy(() -> new Provenance(null, "HEAD", null, null, null, null))
                .hasMessage("commit must be 7 to 64 lower-case hex digits, was 'HEAD'");
        assertThatThrownBy(() -> new Provenance(null, null, "b".repeat(251), null, null, null))
                .hasMessage("branch must be at most 250 characters, was 251");
        assertThatThrownBy(() -> new Provenance(null, null, "main\n", null, null, null))
                .hasMessage("branch must not hold control characters");
        assertThatThrownBy(() -> new Provenance(null, null, " ", null, null, null))
                .hasMessage("branch must not be blank when present");
        assertThatThrownBy(() -> new Provenance(null, null, null, null, "javascript:alert(1)", null))
                .hasMessage("ciJobUrl must be an http or https URL, was 'javascript:alert(1)'");
        assertThatThrownBy(() -> new Provenance(null, null, null, null, null, "n".repeat(201)))
                .hasMessage("ciJobName must be at most 200 characters, was 201");
    }

    @Test
    void theShortCommitIsItsFirstTwelveDigits() {
        assertThat(FULL.shortCommit()).isEqualTo("9fceb02d0ae5");
        assertThat(Provenance.NONE.shortCommit()).isNull();
    }

    private static String golden() throws IOException {
        try (InputStream in = ProvenanceTest.class.getResourceAsStream("/run/provenance.json")) {
            assertThat(in).as("golden file run/provenance.json").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
