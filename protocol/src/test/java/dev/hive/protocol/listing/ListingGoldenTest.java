package dev.hive.protocol.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingGoldenTest {

    private final ListingCodec codec = new ListingCodec();
    private final ObjectMapper json = new ObjectMapper();

    private static String golden(String name) throws IOException {
        try (InputStream in = ListingGoldenTest.class.getResourceAsStream("/listing/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTestLineMatchesItsGoldenBothWays() throws IOException {
        var test = new ListedTest(
                "[engine:junit-jupiter]/[class:com.example.ProbeTest]/[nested-class:Uart]"
                        + "/[method:echoes(dev.hive.runner.api.TestChannel)]",
                "com.example.ProbeTest$Uart",
                "echoes",
                List.of("ProbeTest", "the UART", "echoes what it gets"),
                List.of("fast", "uart"));

        assertThat(codec.decode(golden("test"))).isEqualTo(test);
        assertThat(json.readTree(codec.encode(test))).isEqualTo(json.readTree(golden("test")));
    }

    @Test
    void aProblemLineMatchesItsGoldenBothWays() throws IOException {
        var problem = new ListingProblem(
                "com/example/ProbeTest.java",
                "com.example.ProbeTest",
                "readsTheUid",
                "parameter 2 (java.lang.Thread) of readsTheUid: nothing resolves a java.lang.Thread");

        assertThat(codec.decode(golden("problem"))).isEqualTo(problem);
        assertThat(json.readTree(codec.encode(problem))).isEqualTo(json.readTree(golden("problem")));
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"bogus\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a listing line: ");
        assertThatThrownBy(() -> codec.decode("{\"type\":\"problem\",\"file\":\"F.java\"}"))
                .hasMessageContaining("message is required");
    }
}
