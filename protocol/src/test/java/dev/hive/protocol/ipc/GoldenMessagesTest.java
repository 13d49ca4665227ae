package dev.hive.protocol.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.rack.TestprogramDescription;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestSelection;
import dev.hive.protocol.run.TestStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message type is pinned by {@code ipc/<type>.json}, read and written. */
class GoldenMessagesTest {

    private static final Cell CELL = new Cell(0, "Virtual GDB probe 0", "hive-virtual-0", 0, 0, "stm32vldiscovery");
    private static final Instant STARTED = Instant.parse("2026-11-21T22:15:03.125Z");

    private final IpcCodec codec = new IpcCodec();
    private final ObjectMapper plain = new ObjectMapper();

    static Map<String, IpcMessage> expected() {
        return Map.ofEntries(
                Map.entry("hello", new Hello(1, "run-20261121-0007", "0.1.0")),
                Map.entry("welcome", new Welcome(1, rack(), options())),
                Map.entry("refused", new Refused(1, "the runner speaks protocol version 2; this monitor speaks 1")),
                Map.entry("connect", new Connect(7, 1, 2, 3)),
                Map.entry("targetLost", new TargetLost(2, 1, "QEMU exited with status 137")),
                Map.entry("disconnect", new Disconnect(8, 1)),
                Map.entry("connected", Connected.failure(7, "stack 2 is connected to channel 0")),
                Map.entry(
                        "testStarted",
                        new TestStarted(
                                "[engine:junit-jupiter]/[class:com.example.ProbeTest]/[method:haltsTheCore()]",
                                "haltsTheCore()",
                                CELL,
                                STARTED)),
                Map.entry("testFinished", new TestFinished(failedResult())),
                Map.entry("log", new Log(Log.Level.WARN, 0, "attach took 1200 ms, retrying once")),
                Map.entry(
                        "runFailed",
                        new RunFailed(
                                RunFailed.Kind.DESYNC,
                                "probe 'Virtual GDB probe 0' (hive-virtual-0) at"
                                        + " unix:/tmp/hive-rack-1/probe-0.sock is not reachable")),
                Map.entry("runFinished", new RunFinished(new Summary(40, 1, 3, 0, 61234))),
                Map.entry("cancel", new Cancel("cancelled by alice")));
    }

    static Stream<String> types() {
        return IpcMessage.typeNames().stream();
    }

    @ParameterizedTest
    @MethodSource("types")
    void goldenDecodesToTheExpectedRecord(String type) throws IOException {
        IpcMessage decoded = codec.decode(golden(type));
        assertThat(decoded).isEqualTo(expected().get(type));
        assertThat(decoded.type()).isEqualTo(type);
    }

    @ParameterizedTest
    @MethodSource("types")
    void recordEncodesToTheGolden(String type) throws IOException {
        String line = codec.encode(expected().get(type));
        assertThat(line).doesNotContain("\n");
        assertThat(plain.readTree(line)).isEqualTo(plain.readTree(golden(type)));
    }

    @ParameterizedTest
    @MethodSource("types")
    void aPlainObjectMapperSpellsTheRecordsTheSameWay(String type) throws IOException {
        // The monitor's REST layer and the CLI read these records with mappers of their own.
        IpcMessage message = expected().get(type);
        assertThat(plain.readValue(golden(type), IpcMessage.class)).isEqualTo(message);
        assertThat(plain.readTree(plain.writeValueAsString(message))).isEqualTo(plain.readTree(golden(type)));
    }

    @Test
    void thereIsOneGoldenPerMessageTypeAndNoOther() throws IOException, URISyntaxException {
        URL folder = getClass().getResource("/ipc");
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            var names = files.map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
                    .collect(Collectors.toSet());
            assertThat(names).containsExactlyInAnyOrderElementsOf(IpcMessage.typeNames());
        }
        assertThat(expected().keySet()).containsExactlyInAnyOrderElementsOf(IpcMessage.typeNames());
        assertThat(IpcMessage.typeNames())
                .containsExactly(
                        "hello",
                        "welcome",
                        "refused",
                        "connect",
                        "disconnect",
                        "connected",
                        "testStarted",
                        "testFinished",
                        "log",
                        "runFailed",
                        "runFinished",
                        "targetLost",
                        "cancel");
    }

    @Test
    void theWelcomeGoldenKeepsTheUidAsUnsignedHex() throws IOException {
        var welcome = (Welcome) codec.decode(golden("welcome"));
        TestprogramDescription testprogram =
                welcome.rack().stacks().get(0).slots().get(0).target().testprogram();
        assertThat(testprogram.uid()).isEqualTo(0x8dc1dc22b8c201dbL).isNegative();
        assertThat(testprogram.uidHex()).isEqualTo("8dc1dc22b8c201db");
        assertThat(testprogram.symbol("hive_header")).hasValue(0x0800_0200L);
        JsonNode tree = plain.readTree(codec.encode(welcome));
        assertThat(tree.at("/rack/stacks/0/slots/0/target/testprogram/uid").textValue())
                .isEqualTo("8dc1dc22b8c201db");
    }

    private static RackDescription rack() {
        var probe = new ProbeDescription(
                "VIRTUAL_GDB", "Virtual GDB probe 0", 0, 0, "hive-virtual-0", "unix:/tmp/hive-rack-1/probe-0.sock");
        var testprogram = new TestprogramDescription(
                "default",
                0x8dc1dc22b8c201dbL,
                Map.of("hive_header", 0x0800_0200L),
                Map.of("HIVE_UID", "0x8dc1dc22b8c201dbULL"));
        var target = new TargetDescription(
                "stm32vldiscovery",
                Architecture.ARM,
                "cortex-m3",
                List.of(
                        new MemoryRegion(MemoryKind.FLASH, 0x0800_0000L, 0x2_0000L),
                        new MemoryRegion(MemoryKind.RAM, 0x2000_0000L, 0x2000L)),
                testprogram,
                true,
                "flashed hive.elf in 48 ms");
        return new RackDescription(
                "virtual-rack",
                List.of("virtual", "uart"),
                List.of(
                        new ChannelDescription(0, probe, "unix:/tmp/hive-rack-1/uart-0.sock"),
                        new ChannelDescription(1, null, null)),
                List.of(new StackDescription(
                        0, "stack-a", List.of(new SlotDescription(0, target), new SlotDescription(1, null)))));
    }

    private static RunOptions options() {
        return new RunOptions(
                Filter.include("hive-virtual-*"),
                Filter.exclude("microbit", "mps2-*"),
                30_000,
                1_800_000,
                new TestSelection(
                        List.of("com.example.ProbeTest", "com.example.UartTest#echoes"),
                        List.of("fast | uart"),
                        List.of("slow")));
    }

    private static TestResult failedResult() {
        return new TestResult(
                "[engine:junit-jupiter]/[class:com.example.ProbeTest]/[method:readsTheUid()]",
                "reads HIVE_UID",
                "com.example.ProbeTest",
                "readsTheUid",
                CELL,
                TestStatus.FAILED,
                "expected: 0x8dc1dc22b8c201db but was: 0x0",
                "org.opentest4j.AssertionFailedError: expected: 0x8dc1dc22b8c201db but was: 0x0\n"
                        + "\tat com.example.ProbeTest.readsTheUid(ProbeTest.java:42)\n",
                STARTED,
                212,
                "org.opentest4j.AssertionFailedError",
                new TestOutput(
                        "attached in 12 ms\nHIVE_UID read as 0x0\n",
                        "",
                        List.of(new ReportEntry("hive.uid", "8dc1dc22b8c201db"))));
    }

    private static String golden(String type) throws IOException {
        try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/ipc/" + type + ".json")) {
            assertThat(in).as("golden file ipc/%s.json", type).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
