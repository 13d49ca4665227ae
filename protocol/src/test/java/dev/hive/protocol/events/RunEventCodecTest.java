package dev.hive.protocol.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every run event is pinned by {@code events/<type>.json}, read and written. */
class RunEventCodecTest {

    private static final Cell CELL = new Cell(1, "Virtual GDB probe 1", "hive-virtual-1", 0, 2, "qemu-cortex-m4");
    private static final Instant STARTED = Instant.parse("2026-11-22T00:15:03.125Z");
    private static final String TEST = "[engine:junit-jupiter]/[class:com.example.HaltTest]/[method:halts()]";

    private final RunEventCodec codec = new RunEventCodec();
    private final ObjectMapper plain = new ObjectMapper();

    static Map<String, RunEvent> expected() {
        return Map.of(
                "queued", new Queued(42, 3),
                "phase", new PhaseChanged(42, RunPhase.FLASHING),
                "testStarted", new TestStarted(42, TEST, "halts()", CELL, STARTED),
                "testFinished",
                        new TestFinished(
                                42,
                                new TestResult(
                                        TEST,
                                        "halts()",
                                        "com.example.HaltTest",
                                        "halts",
                                        CELL,
                                        TestStatus.FAILED,
                                        "expected halted",
                                        "java.lang.AssertionError: expected halted\n\tat com.example.HaltTest.halts",
                                        STARTED,
                                        25,
                                        "java.lang.AssertionError",
                                        new TestOutput(
                                                "halting core 0\n",
                                                "retrying halt\n",
                                                List.of(new ReportEntry("pc", "0x080001f4")))),
                                "lab-b-pi4"),
                "log", new LogLine(42, "runner", "WARN", "channel 1: retrying connect"),
                "ended", new RunEnded(42, "failed", new Summary(3, 1, 0, 1, 8250), "target lost: QEMU exited"));
    }

    static Iterable<String> types() {
        return expected().keySet();
    }

    @ParameterizedTest
    @MethodSource("types")
    void goldenFileDecodesToTheEventAndTheEventEncodesToIt(String type) throws IOException {
        String golden = golden(type);
        RunEvent event = expected().get(type);

        assertThat(codec.decodeFrame(golden)).isEqualTo(new RunFrame(7, event));
        assertThat(codec.decode(golden)).isEqualTo(event);
        assertThat(plain.readTree(codec.encode(7, event))).isEqualTo(plain.readTree(golden));
        assertThat(plain.readTree(golden).get("type").asText()).isEqualTo(type);
    }

    @Test
    void unknownFieldsAreIgnoredSoANewerMonitorDoesNotBreakAClient() {
        assertThat(codec.decode("{\"type\":\"queued\",\"runId\":7,\"position\":1,\"eta\":12}"))
                .isEqualTo(new Queued(7, 1));
    }

    @Test
    void aFrameWithoutSeqOrRackIsWhatAMonitorBeforeThemSent() {
        RunFrame old = codec.decodeFrame("{\"type\":\"testFinished\",\"runId\":42,\"result\":" + plainResult() + "}");

        assertThat(old.seq()).isZero();
        assertThat(((TestFinished) old.event()).rack()).isNull();
        assertThat(codec.encode(1, old.event()))
                .startsWith("{\"type\":\"testFinished\",\"seq\":1,")
                .doesNotContain("rack");
    }

    private String plainResult() {
        try {
            return plain.readTree(golden("testFinished")).get("result").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnknownTypeOrAMissingFieldIsRefusedWithTheReason() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"teleported\",\"runId\":7}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("teleported");
        assertThatThrownBy(() -> codec.decode("{\"type\":\"phase\",\"runId\":7}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phase");
    }

    private static String golden(String type) throws IOException {
        try (InputStream in = RunEventCodecTest.class.getResourceAsStream("/events/" + type + ".json")) {
            assertThat(in).as("golden file events/%s.json", type).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
